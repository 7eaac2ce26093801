#!/bin/sh
# For the tarball: add dealercrm to your own desktop menu (no root needed). Run it from the unpacked
# folder, wherever you keep it (e.g. ~/opt/dealercrm-VERSION): it writes ~/.local/share/applications/
# dealercrm.desktop pointing at this folder's dealercrm/dealercrm, the icons under
# ~/.local/share/icons/hicolor, and a link ~/.local/bin/dealercrm. Your data is not touched.
set -eu
need="@GLIBC@"  # the glibc the bundle was built against (written in at build time)
have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}') || true
if [ -z "$have" ]; then  # musl (Alpine...) or no getconf: the bundle's libraries need glibc
    echo "dealercrm needs glibc $need or newer (Debian 12, Ubuntu 24.04 or later); this system's C library is not glibc (getconf GNU_LIBC_VERSION gives nothing)." >&2
    exit 1
fi
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
    echo "dealercrm needs glibc $need or newer (Debian 12, Ubuntu 24.04 or later); this system has glibc $have." >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$HOME/.local/bin"
sed "s|@EXEC@|$here/dealercrm/dealercrm|" "$here/share/applications/dealercrm.desktop" > "$data/applications/dealercrm.desktop"
mkdir -p "$data/icons"
cp -R "$here/share/icons/hicolor" "$data/icons/"
ln -sf "$here/dealercrm/dealercrm" "$HOME/.local/bin/dealercrm"
echo "dealercrm added to the menu; command: $HOME/.local/bin/dealercrm"

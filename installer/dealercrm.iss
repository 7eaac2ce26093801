; Inno Setup 6 script for Windows (64-bit). NOT built or tested by CI: this project has no Windows machine.
; Steps (installer/README.md): `python installer\icons.py`, `pyinstaller installer\dealercrm.spec`, then
;   ISCC /DAppVersion=0.1.0 installer\dealercrm.iss
; with AppVersion = pyproject.toml's version (installer\README.md shows a one-liner that reads it).
; The database is never installed nor removed: it is created in the user's data folder on first start
; (%LOCALAPPDATA%\dealercrm), and uninstalling leaves it, its backups and the settings in place.
#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z installer\dealercrm.iss
#endif

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6F1C2B7E-3D5A-4E8B-9C41-2A7D8E5F0B93}
AppName=dealercrm
AppVersion={#AppVersion}
AppVerName=dealercrm {#AppVersion}
AppPublisher=dealercrm
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\dealercrm
DefaultGroupName=dealercrm
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=dealercrm-{#AppVersion}-setup-x64
SetupIconFile=build\dealercrm.ico
UninstallDisplayIcon={app}\dealercrm.exe
UninstallDisplayName=dealercrm {#AppVersion}
Compression=lzma2
SolidCompression=yes
; 64-bit only (the bundle is built by a 64-bit Python), installed in the 64-bit Program Files.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Per user by default (no administrator needed); an administrator may install for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
; dealercrm.exe (windowed) and dealercrm-cli.exe (console, for the sub-commands) share _internal\.
; The previous version's files are removed first (InstallDelete), so no stale module survives an upgrade.
Source: "..\dist\dealercrm\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\dealercrm"; Filename: "{app}\dealercrm.exe"
Name: "{group}\dealercrm (command line)"; Filename: "{cmd}"; \
    Parameters: "/k ""cd /d ""{app}"" && dealercrm-cli.exe --help"""; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,dealercrm}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\dealercrm"; Filename: "{app}\dealercrm.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\dealercrm.exe"; Description: "{cm:LaunchProgram,dealercrm}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only the files it installed. The user data
; (%LOCALAPPDATA%\dealercrm: database, backups) and the settings (registry, HKCU\Software\dealercrm) stay.

; Inno Setup script for Windows: compile after `pyinstaller installer/dealercrm.spec`.
; The database is never installed: it is created in the user's data folder on first start.
[Setup]
AppName=dealercrm
AppVersion=0.1.0
DefaultDirName={autopf}\dealercrm
DefaultGroupName=dealercrm
OutputBaseFilename=dealercrm-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
ShowLanguageDialog=auto

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\dealercrm\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\dealercrm"; Filename: "{app}\dealercrm.exe"
Name: "{autodesktop}\dealercrm"; Filename: "{app}\dealercrm.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"

[Run]
Filename: "{app}\dealercrm.exe"; Description: "{cm:LaunchProgram,dealercrm}"; Flags: nowait postinstall skipifsilent

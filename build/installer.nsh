; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include). It owns one thing: the machine
; policy folder, %ProgramData%\Document Store Desktop, which only Administrators and SYSTEM may write.
;
; C:\ProgramData lets every user create files in a new subfolder, so a folder made with the default permissions
; would let any user write the policy that binds everyone. The app also refuses a policy.json that non-administrators
; can change (main/config/policy-trust.ts); this makes the folder right from the start.
; Checked by test/unit/config/policy-folder-installer.test.ts. The MSI does not run this; it gets the same folder from
; build/msi-policy-folder.mjs (electron-builder.yml: msiProjectCreated).

!macro customInstall
  ReadEnvStr $0 "PROGRAMDATA"
  StrCmp $0 "" 0 +2
    StrCpy $0 "C:\ProgramData"
  CreateDirectory "$0\Document Store Desktop"
  ; Nothing inherited from C:\ProgramData; SYSTEM and Administrators full control, Users read and execute; the broad
  ; groups' own grants removed. By SID, so it works on every Windows display language.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$0\Document Store Desktop" /inheritance:r /remove:g *S-1-1-0 *S-1-5-11 /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $1
  StrCmp $1 "0" +2
    MessageBox MB_ICONEXCLAMATION|MB_OK "The policy folder $0\Document Store Desktop could not be restricted to administrators (icacls exit code $1). Set its permissions as docs/install.md describes before placing a policy in it." /SD IDOK
!macroend

; Uninstalling keeps the policy folder and its policy.json: they belong to IT, and an upgrade uninstalls first.

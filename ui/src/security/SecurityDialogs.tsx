// The journal window's security dialogs, as useJournalSecurity says: choosing a passphrase in order to
// lock, the Security dialog, and the recovery key (over the Security dialog when made from there).
import type { Security } from "../ipc/api";
import { ChoosePassphraseDialog } from "./ChoosePassphraseDialog";
import { RecoveryKeyDialog } from "./RecoveryKeyDialog";
import { SecurityDialog } from "./SecurityDialog";
import type { JournalSecurity } from "./useJournalSecurity";

export function SecurityDialogs({ security: state }: { security: JournalSecurity }) {
  const { dialog, recoveryShowing, apply, closeDialog, closeRecovery, lock } = state;

  const passphraseSet = (next: Security) => {
    apply(next);
    closeDialog();
    lock.run();
  };
  const recoveryConfirmed = (next: Security) => {
    apply(next);
    closeRecovery();
  };

  return (
    <>
      {dialog === "passphrase" && <ChoosePassphraseDialog onSet={passphraseSet} onCancel={closeDialog} />}
      {dialog === "settings" && (
        <SecurityDialog
          security={state.security}
          onChange={apply}
          onNewRecoveryKey={state.showRecovery}
          onClose={closeDialog}
        />
      )}
      {recoveryShowing !== null && (
        <RecoveryKeyDialog
          key={recoveryShowing}
          onMade={state.recoveryMade}
          onConfirmed={recoveryConfirmed}
          onClose={closeRecovery}
        />
      )}
    </>
  );
}

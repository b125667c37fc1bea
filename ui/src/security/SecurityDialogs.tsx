// The journal window's security dialogs, as useJournalSecurity says: choosing a passphrase in order to
// lock, the Security dialog, and the recovery key (over the Security dialog when made from there).
// Each loads when it first opens.
import { Suspense } from "react";
import type { Security } from "../ipc/api";
import { lazyNamed } from "../ui/lazyNamed";
import type { JournalSecurity } from "./useJournalSecurity";

const ChoosePassphraseDialog = lazyNamed(() => import("./ChoosePassphraseDialog"), "ChoosePassphraseDialog");
const RecoveryKeyDialog = lazyNamed(() => import("./RecoveryKeyDialog"), "RecoveryKeyDialog");
const SecurityDialog = lazyNamed(() => import("./SecurityDialog"), "SecurityDialog");

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
    <Suspense fallback={null}>
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
    </Suspense>
  );
}

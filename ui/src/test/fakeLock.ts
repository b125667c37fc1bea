// How the fake back end locks the journal, as the real one does: the passphrase, the recovery key, and
// the wrong secrets that make the lock window wait longer each time.
import type { Security } from "../ipc/bindings";
import { appErrors } from "./appErrors";
import type { CommandHandlers } from "./commands";
import type { FakeBackend } from "./fakeBackend";

/** The lock's settings and secrets, kept on the back end where tests set and read them. */
type LockState = Pick<FakeBackend, "security" | "passphrase" | "recoveryKey" | "lock" | "waitAfter" | "wrongTries">;

/** The commands answered here. */
type LockCommandKey =
  | "lockJournal"
  | "securityStatus"
  | "setPassphrase"
  | "removePassphrase"
  | "setLockOptions"
  | "newRecoveryKey"
  | "confirmRecoveryKey"
  | "lockStatus"
  | "unlockJournal";

/** The lock commands, reading and changing `fake`'s fields when called rather than copying them now. */
export function lockAnswers(fake: LockState): Pick<CommandHandlers, LockCommandKey> {
  let keysMade = 0;
  const setSecurity = (change: Partial<Security>): Security => {
    fake.security = { ...fake.security, ...change };
    return fake.security;
  };
  return {
    lockJournal: () => null,
    securityStatus: () => fake.security,
    setPassphrase: (passphrase) => {
      fake.passphrase = passphrase;
      return setSecurity({ hasPassphrase: true });
    },
    removePassphrase: () => {
      fake.passphrase = null;
      return setSecurity({ hasPassphrase: false, askAtStart: false, autoLockMinutes: null });
    },
    setLockOptions: (askAtStart, autoLockMinutes) => setSecurity({ askAtStart, autoLockMinutes }),
    newRecoveryKey: () => {
      keysMade += 1;
      fake.recoveryKey = recoveryKey(keysMade);
      setSecurity({ recoveryConfirmed: false });
      return { key: fake.recoveryKey };
    },
    confirmRecoveryKey: (key) => {
      if (fake.recoveryKey === null || normalKey(key) !== fake.recoveryKey) throw appErrors.wrong_secret;
      return setSecurity({ recoveryConfirmed: true });
    },
    lockStatus: () => fake.lock,
    unlockJournal: (secret) => {
      const opens = (secret !== "" && secret === fake.passphrase) || (fake.recoveryKey !== null && normalKey(secret) === fake.recoveryKey);
      if (!opens) {
        fake.wrongTries += 1;
        fake.lock = { ...fake.lock, waitMs: fake.waitAfter(fake.wrongTries) };
        throw appErrors.wrong_secret;
      }
      fake.wrongTries = 0;
      fake.lock = { ...fake.lock, waitMs: 0 };
      return null;
    },
  };
}

/** The n-th recovery key the fake makes: eight groups of four, like the real ones. */
function recoveryKey(n: number): string {
  const groups = ["7QF2", "K9MD", "X4RT", "B8NW", "P3HC", "V6LJ", "M2ZE", "T5GY"];
  return groups.map((group, i) => (i === 7 ? `${group.slice(0, 3)}${n % 10}` : group)).join("-");
}

/** A typed key as the back end compares it: case, spaces and dashes don't matter. */
function normalKey(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, "");
  return plain.match(/.{1,4}/g)?.join("-") ?? "";
}

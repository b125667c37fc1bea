// The welcome window: while this version's first start encrypts an existing journal, its progress;
// then the Welcome screen, which reads the sign-in status and the journal's health when it mounts, so
// it reads them afresh once the encryption is done.
import { UpgradeProgress } from "../security/UpgradeProgress";
import { useUpgrade } from "../security/useUpgrade";
import { Welcome } from "./Welcome";

export function WelcomeWindow() {
  const upgrade = useUpgrade();
  if (upgrade.kind === "checking") return <div className="welcome" aria-busy="true" />;
  if (upgrade.kind === "upgrading") return <UpgradeProgress upgrade={upgrade.upgrade} />;
  return <Welcome />;
}

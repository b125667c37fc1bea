// The welcome window while this version's first start encrypts an existing journal: what it is doing
// and how far it has got.
import { useId } from "react";
import type { Upgrade } from "../ipc/api";

export function UpgradeProgress({ upgrade }: { upgrade: Upgrade }) {
  const titleId = useId();
  const { stage, done, total } = upgrade;
  const known = total > 0;
  const percent = known ? Math.min(100, Math.floor((done / total) * 100)) : null;

  return (
    <div className="welcome" data-testid="upgrade">
      <main className="welcome-main">
        <img className="welcome-mark" src="/quire.svg" alt="" width={88} height={88} draggable={false} />
        <h1 id={titleId} className="upgrade-title">
          Encrypting your journal
        </h1>
        <p className="upgrade-stage" role="status" data-testid="upgrade-stage">
          {stage}
        </p>
        {/* Without a total the bar has no value: it shows that work goes on, not how much is left. */}
        <progress
          className="upgrade-bar"
          aria-labelledby={titleId}
          {...(known ? { value: Math.min(done, total), max: total } : {})}
        />
        {percent !== null && (
          <p className="upgrade-percent" data-testid="upgrade-percent">
            {percent}%
          </p>
        )}
        <p className="upgrade-hint">Don't turn off your computer. If Quire is stopped, it picks up where it left off.</p>
      </main>
      <footer className="welcome-footer">Your entries stay on this computer.</footer>
    </div>
  );
}

// Why the welcome window is showing, or how the last sign-in ended, in the back end's own words.
// Cancelling and a session that ended look calm; only a cancel (the person's own choice) isn't announced as an alert.
import type { AppError } from "../ipc/api";
import { isGentle } from "../ipc/errors";

export function AccountNotice({ notice }: { notice: AppError }) {
  const gentle = isGentle(notice.code);
  return (
    <p
      className={gentle ? "welcome-notice welcome-notice-gentle" : "welcome-notice"}
      data-testid="error-message"
      role={notice.code === "sign_in_cancelled" ? "status" : "alert"}
    >
      {notice.message}
    </p>
  );
}

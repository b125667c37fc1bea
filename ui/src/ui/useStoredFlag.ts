// A yes/no preference kept in localStorage, such as whether a panel is open. Storage that can't be
// read or written (private modes, a full quota) only means the choice is not remembered.
import { useCallback, useState } from "react";

function read(key: string): boolean | null {
  try {
    const value = localStorage.getItem(key);
    return value === null ? null : value === "1";
  } catch {
    return null;
  }
}

export function useStoredFlag(key: string, initial: boolean): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => read(key) ?? initial);
  const set = useCallback(
    (next: boolean) => {
      setValue(next);
      try {
        localStorage.setItem(key, next ? "1" : "0");
      } catch {
        // Not remembered; it still applies until the window closes.
      }
    },
    [key],
  );
  return [value, set];
}

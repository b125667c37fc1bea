// A button that opens a short menu above it (the sidebar footer sits at the bottom of the window).
// The menu follows the WAI-ARIA menu button pattern: arrow keys move between items, Enter or a click
// chooses one, Escape or a click elsewhere closes it and focus goes back to the button.
import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import "./menu.css";

export interface MenuItem {
  label: string;
  testId: string;
  onSelect(): void;
}

interface Props {
  label: string;
  title: string;
  testId: string;
  className: string;
  items: readonly MenuItem[];
  children: ReactNode;
}

export function MenuButton({ label, title, testId, className, items, children }: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const choose = (item: MenuItem) => {
    setOpen(false);
    item.onSelect();
  };
  const openAt = (index: number) => {
    setActive(index);
    setOpen(true);
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      openAt(event.key === "ArrowUp" ? items.length - 1 : 0);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const last = items.length - 1;
    const moves: Record<string, number> = { ArrowDown: active === last ? 0 : active + 1, ArrowUp: active === 0 ? last : active - 1, Home: 0, End: last };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  };

  return (
    <span className="menu-anchor">
      <button
        ref={buttonRef}
        type="button"
        className={className}
        data-testid={testId}
        aria-label={label}
        title={title}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {children}
      </button>
      {open && (
        <div ref={menuRef} id={menuId} className="menu" role="menu" aria-label={label} onKeyDown={onMenuKey}>
          {items.map((item, index) => (
            <button
              key={item.testId}
              type="button"
              role="menuitem"
              className="menu-item"
              tabIndex={index === active ? 0 : -1}
              data-testid={item.testId}
              onClick={() => choose(item)}
              onMouseEnter={() => setActive(index)}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}

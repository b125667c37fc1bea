// Giving a form field a new value the way a person does: the browser fires `input` as the value
// changes and `change` when it is committed. Text fields listen to the first, lists, checkboxes and
// file pickers to the second, so a test that fires both doesn't depend on which one a field reads.
import { fireEvent } from "@testing-library/react";

export function enter(field: Element, value: string): void {
  fireEvent.input(field, { target: { value } });
  // The value as the input left it: a field may have taken part of it (a finished tag) already.
  fireEvent.change(field);
}

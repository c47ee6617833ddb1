import { createTheme, localStorageColorSchemeManager } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  cursorType: "pointer",
});

/** The theme follows the OS until the operator picks one; the choice persists here. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: "lifeboat-color-scheme" });

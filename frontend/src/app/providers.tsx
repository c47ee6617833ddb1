import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { useEffect } from "react";

import { setUnauthorizedHandler } from "@/api/client";
import { meQueryOptions } from "@/api/session";

import { queryClient, router } from "./router";
import { colorSchemeManager, theme } from "./theme";

/** A call answered 401 mid-session: forget the principal and sign in again, then come back here. */
function handleSessionExpired(): void {
  queryClient.removeQueries({ queryKey: meQueryOptions.queryKey });
  const current = router.state.location;
  if (current.pathname === "/login") return;
  void router.navigate({ to: "/login", search: { redirect: current.href } });
}

export function App() {
  useEffect(() => {
    setUnauthorizedHandler(handleSessionExpired);
    return () => setUnauthorizedHandler(null);
  }, []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

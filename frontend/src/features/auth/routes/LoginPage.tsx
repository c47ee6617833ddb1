import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, ThemeIcon, Title } from "@mantine/core";
import { IconClockPause, IconLifebuoy } from "@tabler/icons-react";
import { getRouteApi, useRouter } from "@tanstack/react-router";
import { useCallback, useEffect, useState, type FormEvent } from "react";

import { ApiCallError } from "@/api/problem";
import { CopyableId } from "@/components/CopyableId";
import { ProblemAlert } from "@/components/ProblemAlert";

import { safeRedirect, useLogin } from "@/features/auth/api/session";

const loginRoute = getRouteApi("/login");

/** A countdown in whole seconds: `start(n)` begins one, `start(null)` clears it. */
function useCountdown(): [number, (seconds: number | null) => void] {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [deadline]);
  const start = useCallback((seconds: number | null) => {
    const at = Date.now();
    setNow(at);
    setDeadline(seconds ? at + seconds * 1000 : null);
  }, []);
  const left = deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
  return [left, start];
}

export function LoginPage() {
  const { redirect } = loginRoute.useSearch();
  const router = useRouter();
  const loginMutation = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  const [secondsLeft, startCountdown] = useCountdown();

  const failure = loginMutation.error;
  const rateLimited = failure instanceof ApiCallError && failure.view.status === 429;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    loginMutation.mutate(
      { username: username.trim(), password },
      {
        onSuccess: () => {
          router.history.push(safeRedirect(redirect));
        },
        onError: (error) => {
          setPassword("");
          const wait = error instanceof ApiCallError ? error.retryAfterSeconds : null;
          startCountdown(wait);
        },
      },
    );
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={submit} aria-label="Sign in">
          <Stack gap="md">
            <Group gap="sm">
              <ThemeIcon size={40} radius="xl" color="orange" variant="light">
                <IconLifebuoy size={24} />
              </ThemeIcon>
              <Box>
                <Title order={2}>Lifeboat</Title>
                <Text size="sm" c="dimmed">
                  Disaster recovery and restore control plane
                </Text>
              </Box>
            </Group>
            <TextInput
              label="Username"
              required
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
              data-testid="login-username"
            />
            <PasswordInput
              label="Password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              data-testid="login-password"
            />
            {failure &&
              (rateLimited ? (
                <Alert color="orange" title="Too many attempts" icon={<IconClockPause size={18} />} data-testid="login-error" role="alert">
                  <Stack gap={4}>
                    <Text size="sm">
                      {secondsLeft > 0 ? `Try again in ${secondsLeft} s.` : "You can try again now."}
                    </Text>
                    {failure.view.requestId && (
                      <Group gap={6} wrap="nowrap">
                        <Text size="xs" style={{ whiteSpace: "nowrap" }}>
                          Request id
                        </Text>
                        <CopyableId value={failure.view.requestId} label="request id" wrap />
                      </Group>
                    )}
                  </Stack>
                </Alert>
              ) : (
                <ProblemAlert error={failure} testId="login-error" />
              ))}
            <Button
              type="submit"
              loading={loginMutation.isPending}
              disabled={username.trim() === "" || password === "" || (rateLimited && secondsLeft > 0)}
              data-testid="login-submit"
            >
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

/**
 * The floor for the first-frame benchmark: a bare Ink app (one line of text,
 * listening for q like the real app). hello.mjs starts it the way the app's
 * cli.tsx starts the app.
 */
import { render, Text, useApp, useInput } from 'ink';

function Hello() {
  const { exit } = useApp();
  useInput((input) => {
    if (input === 'q') exit();
  });
  return <Text>irsa-bench hello world</Text>;
}

render(<Hello />);

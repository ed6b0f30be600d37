/**
 * The floor for the first-frame benchmark: a bare Ink app (one line of text,
 * listening for q like the real app), bundled with the same recipe.
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

/**
 * CrashGuard: a React error boundary around the app. A bug while drawing
 * (say, a panel shape the app did not expect) shows one message with what
 * to do and waits for q, instead of Ink's stack-trace overlay.
 */
import { useApp, useInput } from 'ink';
import { Component, type ReactNode } from 'react';
import { line, wrapText } from '../format/text.js';
import { Lines } from './lines.js';

export interface CrashGuardProps {
  readonly seed: number;
  readonly children: ReactNode;
}

function CrashMessage({ message, seed }: { readonly message: string; readonly seed: number }) {
  const { exit } = useApp();
  useInput((input) => {
    if (input === 'q') exit();
  });
  const text = `irsa-lab hit a problem it cannot draw past: ${message}. Press q to quit, then run it again; if it happens again, report it with the seed (${seed}) and what you pressed.`;
  return <Lines lines={wrapText(text, 78).map((t) => line(t, 'bad'))} />;
}

export class CrashGuard extends Component<CrashGuardProps, { message: string | undefined }> {
  override state: { message: string | undefined } = { message: undefined };

  static getDerivedStateFromError(err: unknown): { message: string } {
    return { message: err instanceof Error ? err.message : String(err) };
  }

  override render(): ReactNode {
    if (this.state.message !== undefined) return <CrashMessage message={this.state.message} seed={this.props.seed} />;
    return this.props.children;
  }
}

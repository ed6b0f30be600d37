/**
 * The host filesystem: normalised paths that never climb above `/`, files
 * with mode and owner, listing and recursive removal, and the read-permission
 * check a container's user meets.
 */
import { SimClock } from '@irsa-lab/core';
import { HostFs, normalizePath } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { caught, thrownCode } from './fixture.js';

function freshFs(): HostFs {
  return new HostFs(new SimClock({ startMs: 1_700_000_000_000 }));
}

describe('normalizePath', () => {
  it.each([
    { input: '/a//b/./c/../d/', expected: '/a/b/d' },
    { input: '/var/lib/../../../etc/passwd', expected: '/etc/passwd' },
    { input: '/..', expected: '/' },
    { input: '/', expected: '/' },
  ])('$input → $expected', ({ input, expected }) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('refuses relative paths and NUL bytes as programmer errors', () => {
    expect(() => normalizePath('etc/passwd')).toThrow(TypeError);
    expect(() => normalizePath('/etc/\0x')).toThrow(TypeError);
  });
});

describe('HostFs', () => {
  it('writes with mkdir -p, reads back through any spelling of the path, lists sorted names', () => {
    const fs = freshFs();
    fs.write('/var/lib/kubelet/pods/u1/token', 'eyJ...', 0o600, { uid: 1000, gid: 2000 });
    fs.write('/var/lib/kubelet/pods/u1/a', 'x');
    expect(fs.read('/var/lib//kubelet/./pods/u1/../u1/token')).toBe('eyJ...');
    expect(fs.list('/var/lib/kubelet/pods/u1')).toEqual(['a', 'token']);
    expect(fs.list('/var/lib')).toEqual(['kubelet']);
    expect(fs.stat('/var/lib/kubelet/pods/u1/token')).toMatchObject({
      type: 'file',
      mode: 0o600,
      uid: 1000,
      gid: 2000,
      size: 6,
    });
    expect(fs.stat('/var/lib/kubelet')).toMatchObject({ type: 'dir' });
  });

  it('keeps mode and owner on overwrite unless given, and stamps mtime from its clock', () => {
    const clock = new SimClock({ startMs: 5_000 });
    const fs = new HostFs(clock);
    fs.write('/f', 'one', 0o640, { uid: 7, gid: 8 });
    clock.advanceBy(1_000);
    fs.write('/f', 'two');
    expect(fs.stat('/f')).toMatchObject({ mode: 0o640, uid: 7, gid: 8, modifiedAtMs: 6_000 });
    expect(fs.read('/f')).toBe('two');
  });

  it('answers missing files, directories and files-as-directories with FS_NOT_FOUND and an errno', () => {
    const fs = freshFs();
    fs.write('/etc/hosts', '127.0.0.1 localhost');
    expect(thrownCode(() => fs.read('/etc/shadow'))).toBe('FS_NOT_FOUND');
    expect(thrownCode(() => fs.read('/etc'))).toBe('FS_NOT_FOUND');
    expect(thrownCode(() => fs.list('/etc/hosts'))).toBe('FS_NOT_FOUND');
    expect(thrownCode(() => fs.write('/etc/hosts/x', 'y'))).toBe('FS_NOT_FOUND');
    expect(caught(() => fs.read('/etc'))).toMatchObject({ detail: { errno: 'EISDIR', path: '/etc' } });
  });

  it('removes a directory with everything under it, and nothing else', () => {
    const fs = freshFs();
    fs.write('/var/lib/kubelet/pods/u1/volumes/v/token', 't1');
    fs.write('/var/lib/kubelet/pods/u10/token', 't2');
    expect(fs.remove('/var/lib/kubelet/pods/u1')).toBe(true);
    expect(fs.exists('/var/lib/kubelet/pods/u1/volumes/v/token')).toBe(false);
    expect(fs.exists('/var/lib/kubelet/pods/u1')).toBe(false);
    expect(fs.read('/var/lib/kubelet/pods/u10/token')).toBe('t2');
    expect(fs.remove('/var/lib/kubelet/pods/u1')).toBe(false);
  });

  it('checks owner, group and other read bits; root reads everything', () => {
    const fs = freshFs();
    fs.write('/secret', 's', 0o640, { uid: 1000, gid: 3000 });
    expect(fs.read('/secret', { uid: 0, gid: 0 })).toBe('s');
    expect(fs.read('/secret', { uid: 1000, gid: 1000 })).toBe('s');
    expect(fs.read('/secret', { uid: 2000, gid: 2000, groups: [3000] })).toBe('s');
    expect(thrownCode(() => fs.read('/secret', { uid: 2000, gid: 2000 }))).toBe('FS_PERMISSION_DENIED');
    fs.write('/owner-cannot', 'o', 0o044, { uid: 1000, gid: 1000 });
    expect(thrownCode(() => fs.read('/owner-cannot', { uid: 1000, gid: 1000 }))).toBe('FS_PERMISSION_DENIED');
  });

  it('refuses files over the size limit with INPUT_INVALID naming the limit', () => {
    const fs = freshFs();
    expect(caught(() => fs.write('/big', 'x'.repeat(1024 * 1024 + 1)))).toMatchObject({
      code: 'INPUT_INVALID',
      detail: { limit: 'MAX_FILE_BYTES' },
    });
    expect(fs.exists('/big')).toBe(false);
  });
});

import type { SourceFile } from '../worker/protocol';

/** Files from an <input type=file> (multi-file or webkitdirectory); paths keep their folders. */
export function filesFromInput(list: FileList | null): SourceFile[] {
  if (!list) return [];
  return Array.from(list, (file) => ({ path: stripRoot(file.webkitRelativePath || file.name), file }));
}

/** Drops a leading "folder/" that a directory pick adds, so paths match CSV values relative to it. */
function stripRoot(path: string): string {
  const parts = path.split('/');
  return parts.length > 1 ? parts.slice(1).join('/') : path;
}

/** Walks a drag-and-drop of files and folders (any depth) into a flat list with relative paths. */
export async function filesFromDrop(dt: DataTransfer): Promise<SourceFile[]> {
  const entries = Array.from(dt.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return Array.from(dt.files, (file) => ({ path: file.name, file }));
  const out: SourceFile[] = [];
  // One dropped folder is the dataset root: paths are relative to it, as CSV values usually are.
  if (entries.length === 1 && entries[0].isDirectory) {
    for (const child of await readDirectory(entries[0] as FileSystemDirectoryEntry)) await walk(child, '', out);
  } else {
    for (const entry of entries) await walk(entry, '', out);
  }
  return out;
}

async function walk(entry: FileSystemEntry, parent: string, out: SourceFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push({ path: parent + file.name, file });
    return;
  }
  for (const child of await readDirectory(entry as FileSystemDirectoryEntry)) await walk(child, `${parent}${entry.name}/`, out);
}

async function readDirectory(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call: keep reading until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

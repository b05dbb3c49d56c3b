/**
 * A segment trie for longest-prefix route matching, with CHP's semantics: a path is split on `/`
 * after all leading and trailing slashes are removed, interior empty segments count, and the
 * deepest node holding a value along the request path wins. Children live in `Map`s, so segments
 * such as `constructor` or `__proto__` are ordinary keys.
 */
interface TrieNode<T> {
  children: Map<string, TrieNode<T>> | undefined;
  value: T | undefined;
}

function newNode<T>(): TrieNode<T> {
  return { children: undefined, value: undefined };
}

/** Splits a route path into trie segments: `"/a/b/"` → `["a", "b"]`, `"/"` → `[]`. */
export function pathSegments(path: string): string[] {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return start === end ? [] : path.slice(start, end).split("/");
}

export class RouteTrie<T> {
  private readonly root: TrieNode<T> = newNode<T>();
  private count = 0;

  /** Number of stored values. */
  get size(): number {
    return this.count;
  }

  /** Stores `value` at exactly `segments`, replacing what was there. */
  set(segments: readonly string[], value: T): void {
    let node = this.root;
    for (const seg of segments) {
      node.children ??= new Map();
      let next = node.children.get(seg);
      if (next === undefined) {
        next = newNode<T>();
        node.children.set(seg, next);
      }
      node = next;
    }
    if (node.value === undefined) this.count++;
    node.value = value;
  }

  /** Removes the value at exactly `segments` and prunes empty branches. True if one was there. */
  delete(segments: readonly string[]): boolean {
    const trail: TrieNode<T>[] = [this.root];
    let node = this.root;
    for (const seg of segments) {
      const next = node.children?.get(seg);
      if (next === undefined) return false;
      trail.push(next);
      node = next;
    }
    if (node.value === undefined) return false;
    node.value = undefined;
    this.count--;
    for (let i = segments.length; i > 0; i--) {
      const child = trail[i];
      const parent = trail[i - 1];
      if (child === undefined || parent === undefined) break;
      if (child.value !== undefined || (child.children?.size ?? 0) > 0) break;
      parent.children?.delete(segments[i - 1] ?? "");
    }
    return true;
  }

  /**
   * The value of the longest stored prefix of `path` (a decoded path such as `/user/a/tree`).
   * With `host`, the host is matched as the first segment (host routing). No arrays are built.
   */
  match(path: string, host?: string): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    let best = node.value;
    if (host !== undefined) {
      node = node.children?.get(host);
      if (node === undefined) return best;
      if (node.value !== undefined) best = node.value;
    }
    let start = 0;
    let end = path.length;
    while (start < end && path.charCodeAt(start) === 47) start++;
    while (end > start && path.charCodeAt(end - 1) === 47) end--;
    while (start < end) {
      const children: Map<string, TrieNode<T>> | undefined = node.children;
      if (children === undefined) return best;
      let slash = path.indexOf("/", start);
      if (slash === -1 || slash > end) slash = end;
      node = children.get(path.slice(start, slash));
      if (node === undefined) return best;
      if (node.value !== undefined) best = node.value;
      start = slash + 1;
    }
    return best;
  }
}

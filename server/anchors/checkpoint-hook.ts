// How finalize asks for a new checkpoint to be anchored without depending on the job queue: the
// queue registers a hook when it starts (in the app server's process); finalize calls
// checkpointCommitted after its transaction commits. Errors are logged, never thrown: anchoring
// must not fail a settlement. Without a queue in this process (e.g. the `settle` CLI) nothing
// happens here and the queue's periodic sweep picks the checkpoint up.
// Kept on globalThis: Next.js may load this module more than once (instrumentation vs. routes).
type Hook = (communityId: string, treeSize: bigint) => Promise<void>;

const holder = globalThis as typeof globalThis & { dajieCheckpointHook?: Hook };

export function setCheckpointHook(hook: Hook | undefined): void {
  holder.dajieCheckpointHook = hook;
}

export async function checkpointCommitted(communityId: string, treeSize: bigint): Promise<void> {
  try {
    await holder.dajieCheckpointHook?.(communityId, treeSize);
  } catch (err) {
    console.error(`[anchors] could not queue anchoring of checkpoint ${treeSize} of ${communityId}; the sweep will:`, err);
  }
}

package org.tracemark.api.ledger;

/**
 * A witness the log asks to cosign its checkpoints: the local witness role, or (later) a remote one
 * over HTTP. It takes a C2SP tlog-witness add-checkpoint body and answers as the spec does.
 */
@FunctionalInterface
public interface CheckpointWitness {

  /** The witness's answer: HTTP status and body (cosignature lines on 200, a size on 409). */
  record Reply(int status, String body) {}

  Reply addCheckpoint(byte[] request) throws Exception;
}

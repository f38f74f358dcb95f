package io.headpatch.worker.plan;

import io.headpatch.worker.io.FileIdentity;

/**
 * The result of reading one file's header: either the bytes, with the identity of the descriptor they were read
 * through, or the outcome that stopped the read and why.
 */
public record HeaderRead(byte[] header, FileIdentity identity, Outcome failure, String reason) {

    static HeaderRead of(byte[] header, FileIdentity identity) {
        return new HeaderRead(header, identity, null, null);
    }

    static HeaderRead failed(Outcome outcome, String reason) {
        return new HeaderRead(null, null, outcome, reason);
    }

    public boolean ok() {
        return failure == null;
    }

    public long size() {
        return identity == null ? -1 : identity.size();
    }
}

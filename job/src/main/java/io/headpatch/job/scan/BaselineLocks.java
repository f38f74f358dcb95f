package io.headpatch.job.scan;

/**
 * The two halves of one agreement between an incremental scan and prune. The scan KEY SHARE locks its baseline's
 * manifest and every manifest that one carries from, until its transaction ends; prune locks the manifests it would
 * remove FOR UPDATE SKIP LOCKED and keeps those it could not lock. KEY SHARE conflicts only with FOR UPDATE (and a
 * key change), so scans share their baselines and never wait for each other.
 */
public final class BaselineLocks {

    /** The baseline's manifest and every manifest it carries from, KEY SHARE locked; true when none is missing. */
    static final String SHARE_SOURCES = """
            SELECT COUNT(*) = 1 + (SELECT COUNT(DISTINCT c.source_manifest_id) FROM hp_carried c WHERE c.manifest_id = ?)
            FROM (SELECT m.manifest_id FROM hp_manifest m
                  WHERE m.manifest_id = ? OR m.manifest_id IN (SELECT c.source_manifest_id FROM hp_carried c WHERE c.manifest_id = ?)
                  FOR KEY SHARE OF m) locked""";

    /** Of the manifests given as one array, those no scan holds, locked until prune's transaction ends. */
    public static final String LOCK_UNSHARED = """
            SELECT manifest_id FROM hp_manifest WHERE manifest_id = ANY (?) FOR UPDATE SKIP LOCKED""";

    private BaselineLocks() {
    }
}

package io.headpatch.job.scan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The incremental launch's half of its agreement with {@code prune} ({@link BaselineLocks}): the baseline's manifest
 * and every manifest it carries from are KEY SHARE locked until the scan's transaction ends, so that prune leaves
 * them be meanwhile.
 */
final class BaselineLock {

    private BaselineLock() {
    }

    /** Locks the baseline's manifest and the manifests it carries from; false if one of them is gone. */
    static boolean lock(Connection connection, long baselineManifest) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(BaselineLocks.SHARE_SOURCES)) {
            lock.setLong(1, baselineManifest);
            lock.setLong(2, baselineManifest);
            lock.setLong(3, baselineManifest);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}

package io.headpatch.ops.retention;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes what finished job instances left: instances whose latest execution COMPLETED or was
 * ABANDONED before a cutoff, none of whose executions is running. The journal is what rollback
 * needs, so an instance with journal rows keeps it (with its files, outcomes, manifest and
 * executions, so {@code rollback ID} still works) and loses only its checks, unless the journal is
 * included. An instance whose files a later incremental instance carries (and that stays) is kept the same way. One transaction: a dry run rolls it back, so its counts are exact.
 */
public final class Retention {

    private final DataSource dataSource;

    public Retention(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param cutoff in the database's local time (its timestamps are LOCALTIMESTAMP) */
    public Counts prune(LocalDateTime cutoff, boolean includeJournal, boolean dryRun) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Counts counts = prune(connection, cutoff, includeJournal);
                if (dryRun) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return counts;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static Counts prune(Connection connection, LocalDateTime cutoff, boolean includeJournal) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RetentionQueries.FINISHED_INSTANCES)) {
            statement.setTimestamp(1, Timestamp.valueOf(cutoff));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long manifestId = rs.getLong(2);
                    candidates.add(new Candidate(rs.getLong(1), rs.wasNull() ? null : manifestId, rs.getBoolean(3)));
                }
            }
        }
        List<Long> removable = candidates.stream().filter(c -> c.manifestId() != null && (includeJournal || !c.journaled()))
                .map(Candidate::manifestId).toList();
        Set<Long> locked = ids(connection, RetentionQueries.LOCK_MANIFESTS, removable);
        Set<Long> carried = ids(connection, RetentionQueries.CARRIED_BY_KEPT, new ArrayList<>(locked));
        List<Long> whole = new ArrayList<>();
        List<Long> wholeManifests = new ArrayList<>();
        List<Long> keptForRollback = new ArrayList<>();
        List<Long> keptCarried = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.journaled() && !includeJournal) {
                keptForRollback.add(candidate.manifestId());
            } else if (candidate.manifestId() != null
                    && (carried.contains(candidate.manifestId()) || !locked.contains(candidate.manifestId()))) {
                keptCarried.add(candidate.manifestId());
            } else {
                whole.add(candidate.instanceId());
                if (candidate.manifestId() != null) {
                    wholeManifests.add(candidate.manifestId());
                }
            }
        }
        List<Long> allManifests = new ArrayList<>(wholeManifests);
        allManifests.addAll(keptForRollback);
        allManifests.addAll(keptCarried);
        // Outcomes stay with the journal: rollback reads them beside it (which files a chunk committed).
        long outcomes = delete(connection, RetentionQueries.DELETE_OUTCOMES, wholeManifests);
        long checks = delete(connection, RetentionQueries.DELETE_CHECKS, allManifests);
        long journal = delete(connection, RetentionQueries.DELETE_JOURNAL, wholeManifests);
        long files = delete(connection, RetentionQueries.DELETE_FILES, wholeManifests);
        delete(connection, RetentionQueries.DELETE_CARRIED, wholeManifests);
        delete(connection, RetentionQueries.DELETE_MANIFESTS, wholeManifests);
        delete(connection, RetentionQueries.DELETE_STEP_OWNERS, whole);
        delete(connection, RetentionQueries.DELETE_STEP_CONTEXTS, whole);
        delete(connection, RetentionQueries.DELETE_STEPS, whole);
        delete(connection, RetentionQueries.DELETE_EXECUTION_OWNERS, whole);
        delete(connection, RetentionQueries.DELETE_EXECUTION_CONTEXTS, whole);
        delete(connection, RetentionQueries.DELETE_EXECUTION_PARAMS, whole);
        long executions = delete(connection, RetentionQueries.DELETE_EXECUTIONS, whole);
        delete(connection, RetentionQueries.DELETE_INSTANCES, whole);
        return new Counts(whole.size(), keptForRollback.size(), keptCarried.size(), executions, files, outcomes, checks, journal);
    }

    /** The ids a query of {@code ids} returns. */
    private static Set<Long> ids(Connection connection, String sql, List<Long> ids) throws SQLException {
        Set<Long> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = ofIds(connection, sql, ids); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getLong(1));
            }
        }
        return found;
    }

    /** A statement whose one parameter is {@code ids}, as an array. */
    private static PreparedStatement ofIds(Connection connection, String sql, List<Long> ids) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        return statement;
    }

    private record Candidate(long instanceId, Long manifestId, boolean journaled) {
    }

    private static long delete(Connection connection, String sql, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = ofIds(connection, sql, ids)) {
            return statement.executeLargeUpdate();
        }
    }

    /**
     * What was (or, in a dry run, would be) removed.
     *
     * @param instances            instances removed whole
     * @param keptForRollback      instances whose journal, files and executions stay for rollback
     * @param keptCarried          instances that stay whole because a later incremental instance that stays carries
     *                             their files (V10), or a running incremental scan reads them; a full launch starts a
     *                             list that carries nothing
     */
    public record Counts(long instances, long keptForRollback, long keptCarried, long executions, long files, long outcomes, long checks,
                         long journalRows) {
    }
}

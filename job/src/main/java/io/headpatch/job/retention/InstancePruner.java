package io.headpatch.job.retention;

import io.headpatch.job.JobRetention;
import io.headpatch.job.PruneRequest;
import io.headpatch.job.PruneResult;
import io.headpatch.job.scan.BaselineLocks;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes what finished job instances left: instances whose latest execution COMPLETED or was
 * ABANDONED before a cutoff, none of whose executions is running. The journal is what rollback
 * needs, so an instance with journal rows keeps it (with its files, outcomes, manifest and
 * executions, so {@code rollback ID} still works) and loses only its checks, unless the journal is
 * included. An instance whose files a later incremental instance carries (and that stays), or whose manifest a
 * running incremental scan holds ({@link BaselineLocks}), is kept the same way. One transaction: a dry run rolls it
 * back, so its counts are exact.
 */
public final class InstancePruner implements JobRetention {

    private final JdbcTemplate jdbc;

    public InstancePruner(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        return jdbc.execute((ConnectionCallback<PruneResult>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                PruneResult result = prune(connection, request);
                if (request.dryRun()) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    private static PruneResult prune(Connection connection, PruneRequest request) throws SQLException {
        LocalDateTime cutoff = now(connection).minus(request.olderThan());
        List<Candidate> candidates = candidates(connection, cutoff);
        boolean includeJournal = request.includeJournal();
        List<Long> removable = candidates.stream().filter(c -> c.manifestId() != null && (includeJournal || !c.journaled()))
                .map(Candidate::manifestId).toList();
        Set<Long> locked = ids(connection, BaselineLocks.LOCK_UNSHARED, removable);
        Set<Long> carried = ids(connection, PruneQueries.CARRIED_BY_KEPT, new ArrayList<>(locked));
        List<Long> removedInstances = new ArrayList<>();
        List<Long> removedManifests = new ArrayList<>();
        List<Long> keptForRollback = new ArrayList<>();
        List<Long> keptCarried = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.journaled() && !includeJournal) {
                keptForRollback.add(candidate.manifestId());
            } else if (candidate.manifestId() != null
                    && (carried.contains(candidate.manifestId()) || !locked.contains(candidate.manifestId()))) {
                keptCarried.add(candidate.manifestId());
            } else {
                removedInstances.add(candidate.instanceId());
                if (candidate.manifestId() != null) {
                    removedManifests.add(candidate.manifestId());
                }
            }
        }
        List<Long> everyManifest = new ArrayList<>(removedManifests);
        everyManifest.addAll(keptForRollback);
        everyManifest.addAll(keptCarried);
        Map<PrunedTable.Ids, List<Long>> ids = Map.of(PrunedTable.Ids.REMOVED_MANIFESTS, removedManifests,
                PrunedTable.Ids.EVERY_MANIFEST, everyManifest, PrunedTable.Ids.REMOVED_INSTANCES, removedInstances);
        Map<PrunedTable, Long> deleted = new EnumMap<>(PrunedTable.class);
        for (PrunedTable table : PrunedTable.values()) {
            deleted.put(table, delete(connection, table.delete, ids.get(table.ids)));
        }
        return new PruneResult(cutoff, removedInstances.size(), keptForRollback.size(), keptCarried.size(),
                deleted.get(PrunedTable.EXECUTIONS), deleted.get(PrunedTable.FILES), deleted.get(PrunedTable.OUTCOMES),
                deleted.get(PrunedTable.CHECKS), deleted.get(PrunedTable.JOURNAL));
    }

    /** The database's clock, which wrote the executions' times. */
    private static LocalDateTime now(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(PruneQueries.NOW); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toLocalDateTime();
        }
    }

    private static List<Candidate> candidates(Connection connection, LocalDateTime cutoff) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PruneQueries.FINISHED_INSTANCES)) {
            statement.setTimestamp(1, Timestamp.valueOf(cutoff));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long manifestId = rs.getLong(2);
                    candidates.add(new Candidate(rs.getLong(1), rs.wasNull() ? null : manifestId, rs.getBoolean(3)));
                }
            }
        }
        return candidates;
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

    private static long delete(Connection connection, String sql, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = ofIds(connection, sql, ids)) {
            return statement.executeLargeUpdate();
        }
    }

    /** A statement whose one parameter is {@code ids}, as an array. */
    private static PreparedStatement ofIds(Connection connection, String sql, List<Long> ids) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        return statement;
    }

    private record Candidate(long instanceId, Long manifestId, boolean journaled) {
    }
}

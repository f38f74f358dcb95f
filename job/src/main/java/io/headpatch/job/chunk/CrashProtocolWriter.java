package io.headpatch.job.chunk;

import io.headpatch.worker.HeaderPatcher;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.PatchPlanner;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps 2–5 of docs/design.md's crash protocol for one chunk: journal the plans that write and commit
 * that on its own; write the headers; sync them as a batch; then record every outcome in the
 * chunk's transaction, which Spring Batch commits together with the reader's checkpoint.
 */
public class CrashProtocolWriter implements ItemStreamWriter<PlannedFile> {

    // A chunk's rows go in as arrays in one statement: one round trip, and no per-row parameter binding.
    // One row per file: a file written again (a crash's re-run, a restart's retry) keeps its first row's images, the
    // true original and its target, and takes the device and inode of the file written now (unchanged: no new row
    // version).
    private static final String JOURNAL = """
            INSERT INTO hp_journal (file_id, manifest_id, before_bytes, after_bytes, device, inode)
            SELECT file_id, ?, before_bytes, after_bytes, device, inode
            FROM unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::bigint[], ?::bigint[])
                AS j (file_id, before_bytes, after_bytes, device, inode)
            ON CONFLICT (file_id) DO UPDATE SET device = EXCLUDED.device, inode = EXCLUDED.inode
                WHERE (hp_journal.device, hp_journal.inode) IS DISTINCT FROM (EXCLUDED.device, EXCLUDED.inode)""";
    private static final String OUTCOME = """
            INSERT INTO hp_outcome (file_id, manifest_id, outcome, reason, job_execution_id, partition_name)
            SELECT file_id, ?, outcome, reason, ?, ? FROM unnest(?::bigint[], ?::text[], ?::text[])
                AS o (file_id, outcome, reason)
            ON CONFLICT (file_id) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason,
                job_execution_id = EXCLUDED.job_execution_id, partition_name = EXCLUDED.partition_name,
                decided_at = LOCALTIMESTAMP""";
    /** The journal must be durable before any file is touched, whatever the server's or role's default. */
    private static final String DURABLE_COMMIT = "SET LOCAL synchronous_commit = on";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate journalTransaction;
    private final WriteOptions writeOptions;
    private final boolean dryRun;
    private final long manifestId;
    private final long jobExecutionId;
    private final String partition;
    private final ChunkHook hook;
    private final PatchPlanner planner;
    private ChunkFence fence = ChunkFence.NONE;
    private HeaderPatcher patcher;

    public CrashProtocolWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, PatchPlanner planner, WriteOptions writeOptions,
                               boolean dryRun, long manifestId, long jobExecutionId, String partition, ChunkHook hook) {
        this.jdbc = jdbc;
        this.journalTransaction = new TransactionTemplate(transactionManager);
        this.journalTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.planner = planner;
        this.writeOptions = writeOptions;
        this.dryRun = dryRun;
        this.manifestId = manifestId;
        this.jobExecutionId = jobExecutionId;
        this.partition = partition;
        this.hook = hook;
    }

    /** Checked in every chunk's journal transaction and again right before its files are written. */
    public void setFence(ChunkFence fence) {
        this.fence = fence;
    }

    @Override
    public void open(ExecutionContext context) {
        patcher = new HeaderPatcher(planner, writeOptions);
    }

    @Override
    public void close() {
        if (patcher != null) {
            patcher.close();
            patcher = null;
        }
    }

    @Override
    public void write(Chunk<? extends PlannedFile> chunk) {
        List<PlannedFile> files = new ArrayList<>(chunk.getItems());
        List<PlannedFile> decided;
        try {
            decided = dryRun ? files : patch(files);
        } finally {
            // The descriptors the plans kept for their writes: closed by the writes, or here when the chunk stopped
            // before them (journal, claim or database failure).
            files.forEach(f -> f.plan().close());
        }
        recordOutcomes(decided);
    }

    private List<PlannedFile> patch(List<PlannedFile> files) {
        List<PlannedFile> writes = files.stream().filter(f -> f.plan().outcome().needsWrite()).toList();
        if (writes.isEmpty()) {
            return files;
        }
        journal(writes);
        hook.afterJournal(partition, writes);
        fence.beforeWrites();
        // A read-only filesystem (EROFS) throws: it fails this partition with its reason, the others go on.
        List<FilePlan> decided = patcher.write(files.stream().map(PlannedFile::plan).toList(), fence.deadline());
        List<PlannedFile> result = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            result.add(new PlannedFile(files.get(i).row(), decided.get(i)));
        }
        hook.beforeCommit(partition, writes);
        return result;
    }

    /**
     * Journal first, committed on its own, so a crash after any write finds the original and the file it was written
     * to (the device and inode of the descriptor the write goes through, which the write checks again); the same
     * transaction confirms the partition's claim, so only its holder journals and writes. A REPAIRED file was
     * journaled before: its row keeps its images and records the file written now.
     */
    private void journal(List<PlannedFile> writes) {
        Long[] fileIds = writes.stream().map(f -> f.row().fileId()).toArray(Long[]::new);
        byte[][] before = writes.stream().map(f -> f.plan().before()).toArray(byte[][]::new);
        byte[][] after = writes.stream().map(f -> f.plan().after()).toArray(byte[][]::new);
        Long[] devices = writes.stream().map(f -> f.plan().identity().device()).toArray(Long[]::new);
        Long[] inodes = writes.stream().map(f -> f.plan().identity().inode()).toArray(Long[]::new);
        journalTransaction.executeWithoutResult(status -> {
            jdbc.execute(DURABLE_COMMIT);
            fence.confirm();
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement(JOURNAL);
                insert.setLong(1, manifestId);
                insert.setArray(2, connection.createArrayOf("bigint", fileIds));
                insert.setObject(3, before);
                insert.setObject(4, after);
                insert.setArray(5, connection.createArrayOf("bigint", devices));
                insert.setArray(6, connection.createArrayOf("bigint", inodes));
                return insert;
            });
        });
    }

    private void recordOutcomes(List<PlannedFile> files) {
        Long[] fileIds = files.stream().map(f -> f.row().fileId()).toArray(Long[]::new);
        String[] outcomes = files.stream().map(f -> f.plan().outcome().name()).toArray(String[]::new);
        String[] reasons = files.stream().map(f -> f.plan().reason()).toArray(String[]::new);
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(OUTCOME);
            insert.setLong(1, manifestId);
            insert.setLong(2, jobExecutionId);
            insert.setString(3, partition);
            insert.setArray(4, connection.createArrayOf("bigint", fileIds));
            insert.setArray(5, connection.createArrayOf("text", outcomes));
            insert.setArray(6, connection.createArrayOf("text", reasons));
            return insert;
        });
    }
}

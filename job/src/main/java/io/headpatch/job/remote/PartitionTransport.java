package io.headpatch.job.remote;

import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;

import javax.sql.DataSource;

/**
 * The partition requests' channel: a queue whose messages live in PostgreSQL
 * ({@code INT_CHANNEL_MESSAGE}), so the job repository's database is the only transport. A poll
 * deletes the message it takes (SKIP LOCKED): each request goes to one worker, at most once.
 */
public final class PartitionTransport {

    static final String REGION = "headpatch";
    static final String GROUP = "partition-requests";
    /** Requests are Java-serialized; only these classes may come back out of the table. */
    static final String[] ALLOWED_CLASSES = {"org.springframework.batch.integration.partition.StepExecutionRequest",
            "org.springframework.messaging.*", "org.springframework.integration.*", "java.util.*", "java.lang.*"};

    private PartitionTransport() {
    }

    public static QueueChannel requests(DataSource dataSource) {
        JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
        store.setRegion(REGION);
        store.addAllowedPatterns(ALLOWED_CLASSES);
        store.afterPropertiesSet();
        QueueChannel channel = new QueueChannel(new MessageGroupQueue(store, GROUP));
        channel.setBeanName(GROUP);
        return channel;
    }
}

package io.gatelist.batch;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.transaction.TransactionManager;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jberet.repository.JdbcRepository;
import org.jberet.repository.JobRepository;
import org.jberet.se.ClassPathJobXmlResolver;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobExecutor;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;
import org.jberet.tools.ChainedJobXmlResolver;
import org.jberet.tools.MetaInfBatchJobsJobXmlResolver;
import org.jberet.tx.LocalTransactionManager;

/**
 * JBeret's environment for one appliance home, configured in code instead of a class-path
 * {@code jberet.properties} (which is JVM-wide, and silently falls back to an in-memory repository):
 * the JDBC job repository lives in the home's own database, job XML comes from the {@code jobs/} folder first,
 * and artifacts are beans of this runtime's Weld container.
 */
final class GatelistBatchEnvironment implements BatchEnvironment {

    private final JobRepository repository;
    private final JobXmlResolver resolver;
    private final ArtifactFactory artifacts;
    private final ThreadPoolExecutor pool;
    private final JobExecutor executor;
    private final Properties properties = new Properties();

    GatelistBatchEnvironment(DataSource dataSource, Path jobsFolder, BeanManager beanManager, int threads) {
        properties.setProperty("job-repository-type", "jdbc");
        this.repository = new JdbcRepository(dataSource, properties);
        this.resolver = new ChainedJobXmlResolver(new JobFolderResolver(jobsFolder), new ClassPathJobXmlResolver(),
                new MetaInfBatchJobsJobXmlResolver());
        this.artifacts = new WeldArtifactFactory(beanManager);
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "gatelist-batch-" + counter.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(FatalErrors::batchThreadDied);
            return t;
        });
        this.executor = new JobExecutor(pool) {
            @Override
            protected int getMaximumPoolSize() {
                return pool.getMaximumPoolSize();
            }
        };
    }

    @Override
    public ClassLoader getClassLoader() {
        return GatelistBatchEnvironment.class.getClassLoader();
    }

    @Override
    public ArtifactFactory getArtifactFactory() {
        return artifacts;
    }

    @Override
    public void submitTask(JobTask task) {
        executor.execute(task);
    }

    @Override
    public TransactionManager getTransactionManager() {
        return LocalTransactionManager.getInstance();
    }

    @Override
    public JobRepository getJobRepository() {
        return repository;
    }

    @Override
    public JobXmlResolver getJobXmlResolver() {
        return resolver;
    }

    @Override
    public Properties getBatchConfigurationProperties() {
        return properties;
    }

    @Override
    public String getApplicationName() {
        return null;
    }

    void shutdown() {
        pool.shutdown();
    }
}

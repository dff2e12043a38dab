package org.chiso.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One small Spark session for the whole test run, configured from {@code spark-test.properties},
 * injected as a test parameter and stopped once when the run ends.
 */
public final class SparkExtension implements ParameterResolver {
    private static final String KEY = "chiso.spark";

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Holder(start()), Holder.class)
                .session;
    }

    private static SparkSession start() {
        Properties props = new Properties();
        try (InputStream in = SparkExtension.class.getResourceAsStream("/spark-test.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SparkSession.Builder b = SparkSession.builder();
        props.stringPropertyNames().forEach(k -> b.config(k, props.getProperty(k)));
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    private record Holder(SparkSession session) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            session.stop();
        }
    }
}

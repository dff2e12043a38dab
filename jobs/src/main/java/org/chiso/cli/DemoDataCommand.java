package org.chiso.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.chiso.jobs.DemoDataJob;
import org.chiso.jobs.Fs;
import org.chiso.jobs.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the synthetic demo data. */
@Command(name = "demo-data", mixinStandardHelpOptions = true,
        description = "Generate the synthetic PAR and SIPAS demo panels (consistent with every published figure) into <out>/demo-data.")
final class DemoDataCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--seed", defaultValue = "20250701", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        DemoDataJob.run(new Fs(new Configuration()), output.out, seed, new Progress(System.out));
        return 0;
    }
}

package org.chiso.cli;

import java.util.concurrent.Callable;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.UnknownProvinceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Looks a province up by name, code or key. */
@Command(
        name = "province",
        mixinStandardHelpOptions = true,
        description = "Look up a province by name, code or key on the 63- or 34-province basis.")
final class ProvinceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "Names, codes or keys, e.g. \"TP HCM\", \"Hoà Bình\", VN34-24")
    String[] names;

    @Option(
            names = "--year",
            defaultValue = "2024",
            description = "Year whose basis to use (VN63 to 2024, VN34 from 2025; default ${DEFAULT-VALUE})")
    int year;

    @Override
    public Integer call() {
        ProvinceRegistry r = ProvinceRegistry.load();
        int status = 0;
        for (String n : names) {
            try {
                Province p = r.resolve(n, Basis.forYear(year));
                System.out.printf(
                        "%s -> %s %s (%s, region %s%s)%n",
                        n,
                        p.key(),
                        p.nameVi(),
                        p.nameAscii(),
                        p.region(),
                        p.successorKey() == null
                                ? ""
                                : ", from 2025-07-01 part of "
                                        + r.byKey(p.successorKey())
                                                .map(Province::nameVi)
                                                .orElse("?") + " " + p.successorKey());
                if (p.basis() == Basis.VN34) {
                    System.out.println("   formed from: "
                            + String.join(
                                    ", ",
                                    r.predecessors(p.key()).stream()
                                            .map(x -> x.nameVi() + " " + x.key())
                                            .toList()));
                }
            } catch (UnknownProvinceException e) {
                System.out.println(n + ": " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}

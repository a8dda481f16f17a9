package org.kvlab.compat;

import net.jqwik.api.Example;

/** CONFIG's subcommands that need no settings of their own, against a redis-server started without a config file. */
@RequiresRedis
final class ConfigDifferentialTest {

    @Example
    void configRewrite_withoutAConfigFile_andItsArity_asRedis() {
        Differential d = Differential.shared();
        d.reset();
        d.check("CONFIG", "REWRITE");
        d.check("CONFIG", "REWRITE", "extra");
        d.check("CONFIG", "rewrite");
    }

    @Example
    void configHelp_asRedis() {
        Differential d = Differential.shared();
        d.reset();
        d.check("CONFIG", "HELP");
    }
}

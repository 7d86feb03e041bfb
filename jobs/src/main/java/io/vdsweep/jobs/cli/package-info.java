/** The {@code vdsweep} command line: thin subcommands that parse arguments and call core, sweeps and jobs code. */
package io.vdsweep.jobs.cli;

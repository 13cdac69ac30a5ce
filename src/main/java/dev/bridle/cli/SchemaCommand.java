package dev.bridle.cli;

import dev.bridle.policy.SchemaCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bridle schema}: print the harness JSON Schema, the contract of the format, for editors. */
@Command(name = "schema", description = "Print the JSON Schema of harness documents.")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(SchemaCheck.harnessSchemaText());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

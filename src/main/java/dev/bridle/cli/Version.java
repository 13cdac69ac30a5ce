package dev.bridle.cli;

import picocli.CommandLine;

/** The version the packaged jar's manifest records. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"bridle " + (v == null ? "(development build)" : v)};
    }
}

package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.store.DataFolder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkbenchConfigTest {

    @Test
    void opensTheSamplesWithTheDefaultStoreWhenNothingIsGiven() {
        WorkbenchConfig config = WorkbenchConfig.fromParameters(Map.of(), name -> null);

        assertThat(config.folder()).isEqualTo(Path.of("sample-policies"));
        assertThat(config.databaseUrl()).isEqualTo(DataFolder.defaultDatabaseUrl());
    }

    @Test
    void takesTheStoreFromTheEnvironmentWhenNoParameterNamesIt() {
        WorkbenchConfig config =
                WorkbenchConfig.fromParameters(Map.of(), name -> name.equals("BRIDLE_DB") ? "jdbc:h2:mem:env" : null);

        assertThat(config.databaseUrl()).isEqualTo("jdbc:h2:mem:env");
    }

    @Test
    void parametersWinOverTheEnvironment() {
        WorkbenchConfig config = WorkbenchConfig.fromParameters(
                Map.of("folder", "/tmp/project", "db", "jdbc:h2:mem:param"), name -> "jdbc:h2:mem:env");

        assertThat(config.folder()).isEqualTo(Path.of("/tmp/project"));
        assertThat(config.databaseUrl()).isEqualTo("jdbc:h2:mem:param");
    }
}

package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {
  @Test
  void sqliteByDefaultAndTheEnvironmentWins() {
    StorageSpec d = ConfigLoader.fromYaml("", Map.of(), "t").storage();
    assertThat(d.postgres()).isFalse();
    assertThat(d.sqlitePath()).isEqualTo("switchboard.db");

    StorageSpec s = ConfigLoader.fromYaml("""
        storage:
          sqlite_path: /var/lib/sb/state.db
          database_url: postgres://file@db/sb
        """, Map.of("DATABASE_URL", "postgres://u:secret@env/sb", "SWITCHBOARD_ENCRYPTION_KEY",
        "k"), "t").storage();
    assertThat(s.databaseUrl()).isEqualTo("postgres://u:secret@env/sb");
    assertThat(s.sqlitePath()).isEqualTo("/var/lib/sb/state.db");
    assertThat(s.encryptionKey()).isEqualTo("k");
    assertThat(s.toString()).doesNotContain("secret").doesNotContain("=k");
    assertThat(ConfigLoader.load(null, Map.of("DATABASE_URL", "postgres://x/y")).storage()
        .postgres()).isTrue();
  }

  @Test
  void aReplicaNeedsAPrimaryAndUnknownFieldsAreNamed() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("storage: {replica_url: postgres://r/db}",
        Map.of(), "t")).hasMessageContaining("storage.replica_url");
    assertThatThrownBy(() -> ConfigLoader.fromYaml("storage: {databse_url: x}", Map.of(), "t"))
        .hasMessageContaining("storage.databse_url").hasMessageContaining("database_url");
  }
}

package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing database URLs: every accepted form, the bad ones, and no password in any message. */
class DatabaseUrlTest {

  @Test
  void hostingProviderUrlsBecomeJdbcUrlsWithSeparateCredentials() {
    DatabaseUrl u = DatabaseUrl.parse("postgres://app:s3cr%40t@db.example.com:6543/gateway"
        + "?sslmode=require");
    assertThat(u.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/gateway"
        + "?sslmode=require");
    assertThat(u.user()).isEqualTo("app");
    assertThat(u.password()).isEqualTo("s3cr@t");
    DatabaseUrl v = DatabaseUrl.parse("POSTGRESQL://app@localhost/gateway");
    assertThat(v.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/gateway");
    assertThat(v.user()).isEqualTo("app");
    assertThat(v.password()).isNull();
  }

  @Test
  void unencodedPasswordsWithAtAndSlashStillParse() {
    DatabaseUrl u = DatabaseUrl.parse("postgresql://app:p@ss/w0rd+x@db:5432/gw");
    assertThat(u.password()).isEqualTo("p@ss/w0rd+x");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/gw");
  }

  @Test
  void jdbcUrlsKeepTheirParametersButNotTheirCredentials() {
    DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h1:5432,h2:5433/gw?user=app"
        + "&password=hunter2&targetServerType=primary&sslmode=verify-full");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/gw"
        + "?targetServerType=primary&sslmode=verify-full");
    assertThat(u.user()).isEqualTo("app");
    assertThat(u.password()).isEqualTo("hunter2");
    assertThat(u.toString()).doesNotContain("hunter2");
    assertThat(DatabaseUrl.parse("jdbc:postgresql://[::1]:5432/gw").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5432/gw");
  }

  @Test
  void sqliteForms() {
    assertThat(DatabaseUrl.parse("sqlite:/var/lib/sb/switchboard.db").sqlitePath())
        .isEqualTo("/var/lib/sb/switchboard.db");
    DatabaseUrl j = DatabaseUrl.parse("jdbc:sqlite:data/sb.db");
    assertThat(j.dialect()).isEqualTo(Dialect.SQLITE);
    assertThat(j.jdbcUrl()).isEqualTo("jdbc:sqlite:data/sb.db");
    assertThat(DatabaseSettings.of(null, "switchboard.db").primary().sqlitePath())
        .isEqualTo("switchboard.db");
    assertThat(DatabaseSettings.of(" ", "x.db").primary().dialect()).isEqualTo(Dialect.SQLITE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mysql://root:hunter2@db/gw",
      "postgres://root:hunter2@db:99999/gw",
      "postgres://root:hunter2@db:54x2/gw",
      "postgres://root:hunter2@/gw",
      "postgres://root:hunter2@db",
      "postgres://root:hunter2@db:5432/",
      "postgres://root:hunter2@db:5432/?sslmode=require",
      "postgres://root:hunter2%zz@db/gw",
      "jdbc:postgresql:gw?password=hunter2",
      "hunter2",
      "sqlite:"})
  void badUrlsNameTheAcceptedFormsAndNeverThePassword(String url) {
    assertThatThrownBy(() -> DatabaseUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://user:password@host:5432/db")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Database.open(DatabaseSettings.of(url, "x.db"),
        new SimpleMeterRegistry())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anEmptyUrlIsRefusedByTheParser() {
    assertThatThrownBy(() -> DatabaseUrl.parse(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://user:password@host:5432/db");
    assertThatThrownBy(() -> DatabaseUrl.parse(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReplicaNeedsPostgres() {
    DatabaseSettings s = DatabaseSettings.sqlite("x.db").withReplica("postgres://u@h/db");
    assertThatThrownBy(s::replica).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PostgreSQL");
    assertThat(DatabaseSettings.of("postgres://u@h/db", "x.db")
        .withReplica("postgres://u:hunter2@r/db").replica().toString())
        .doesNotContain("hunter2").contains("jdbc:postgresql://r/db");
  }

  @Test
  void aMissingUrlAndPathIsRefused() {
    assertThatThrownBy(() -> DatabaseSettings.of(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

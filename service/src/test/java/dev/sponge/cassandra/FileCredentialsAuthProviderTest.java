package dev.sponge.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FileCredentialsAuthProviderTest {

	@Test
	void newConnectionsGetTheCredentialsTheFilesHoldNowAndAnUnreadableFileKeepsThePreviousOnes(@TempDir Path dir)
			throws IOException {
		Path username = Files.writeString(dir.resolve("username"), "first\n");
		Path password = Files.writeString(dir.resolve("password"), "one\n");
		FileCredentialsAuthProvider provider = new FileCredentialsAuthProvider(username, password,
				Duration.ofMillis(50));
		try {
			// The driver closes its auth provider with every session; the refresh goes
			// on.
			provider.close();
			assertThat(role(provider)).isEqualTo("first:one");
			Files.writeString(username, "second");
			Files.writeString(password, "two");
			await().atMost(Duration.ofSeconds(30)).until(() -> role(provider).equals("second:two"));
			Files.delete(password);
			provider.refresh();
			assertThat(role(provider)).isEqualTo("second:two");
		}
		finally {
			provider.stop();
		}
	}

	private static String role(FileCredentialsAuthProvider provider) {
		var credentials = provider.getCredentials(null, null);
		return new String(credentials.getUsername()) + ":" + new String(credentials.getPassword());
	}

}

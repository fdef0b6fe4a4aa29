package dev.sponge.edge;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.stream.StreamProperties;
import dev.sponge.support.Api;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its
 * chromedriver, opens the bundle the build put in {@code dashboard/target/www} through
 * the real lighttpd (with its Content-Security-Policy) in front of the service, signs in
 * through the OIDC issuer's sign-in page (authorization code with PKCE), and shows what
 * was written through the API.
 */
@EdgeTest
class DashboardBrowserTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "dashboard");

	private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

	private static LighttpdProcess edge;

	private static Path docroot;

	private final Api api;

	private final Api direct;

	private final StreamProperties stream;

	private ChromeDriver browser;

	private Path profile;

	DashboardBrowserTest(@LocalServerPort int servicePort, @Autowired StreamProperties stream) {
		LighttpdProcess.requireInstalled();
		synchronized (DashboardBrowserTest.class) {
			if (edge == null) {
				edge = startEdge(servicePort);
			}
		}
		// Writes wait longer than WebTestClient's 5 s: on a loaded machine a write
		// through
		// the edge may take that long, and the browser's waits are sized the same way.
		// Tests wait between writes as long as the edge keeps an idle connection open.
		this.api = new Api(Http.toEdge(edge.url(), WRITE_TIMEOUT));
		this.direct = new Api(WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + servicePort)
			.responseTimeout(WRITE_TIMEOUT)
			.build());
		this.stream = stream;
	}

	@BeforeEach
	void openBrowser() throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			Assertions.fail("Chromium and chromedriver are not installed: install the Debian packages chromium "
					+ "chromium-driver (tools/test-packages/provide chromium, as ./mvnw verify does as root)");
		}
		this.profile = Files.createTempDirectory("sponge-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--window-size=1280,1000", "--user-data-dir=" + this.profile);
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() throws IOException {
		if (this.browser != null) {
			this.browser.quit();
		}
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
		}
	}

	@AfterAll
	static void stopEdge() {
		if (edge != null) {
			edge.close();
			edge = null;
		}
	}

	@Test
	void aUserSignsInAtTheIssuerAndTheChartHoldsThePointsWrittenThroughTheApiWithNoConsoleErrors() throws IOException {
		String metric = "dash.t" + UUID.randomUUID().toString().substring(0, 8);
		long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		List<Long> times = List.of(minute - 30 * 60000, minute - 20 * 60000, minute - 10 * 60000);
		this.api.ingested(Tokens.withGroups("demo", "sponge-writer"), List.of(series(metric, Map.of("site", "lab"),
				List.of(List.of(times.get(0), 1.5), List.of(times.get(1), 2.5), List.of(times.get(2), 3.5)))));

		signIn("demo-writer");
		WebElement metricPicker = waitFor().until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("select[name=metric] option[value='" + metric + "']")));
		new Select(metricPicker.findElement(By.xpath(".."))).selectByValue(metric);

		List<?> data = waitFor().until((browser) -> {
			Object held = this.browser.executeScript("const chart = document.querySelector('.panel .chart');"
					+ "return chart && chart.uplot ? chart.uplot.data : null;");
			return (held instanceof List<?> columns && !((List<?>) columns.get(0)).isEmpty()) ? columns : null;
		});
		assertThat(numbers(data.get(0))).containsExactly(times.get(0).doubleValue(), times.get(1).doubleValue(),
				times.get(2).doubleValue());
		assertThat(numbers(data.get(1))).containsExactly(1.5, 2.5, 3.5);
		assertThat(this.browser.findElement(By.cssSelector(".u-legend")).getText()).contains("site=lab");
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".latest tbody"), "3.5"));
		screenshot("explore.png");

		assertNoConsoleErrors();
	}

	@Test
	void aPanelsUnitIsOnTheAxisAndTheTooltipShowsTheHoveredTimeAndValuesInIt() throws IOException {
		String metric = "dash.u" + UUID.randomUUID().toString().substring(0, 8);
		long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		List<Long> times = List.of(minute - 30 * 60000, minute - 20 * 60000, minute - 10 * 60000);
		this.api.ingested(Tokens.withGroups("demo", "sponge-writer"), List.of(
				series(metric, Map.of("site", "lab"),
						List.of(List.of(times.get(0), 21.5), List.of(times.get(1), 22.25),
								List.of(times.get(2), 23.0))),
				series(metric, Map.of("site", "annex"), List.of(List.of(times.get(1), 19.5)))));
		// The unit is the panel's, kept in the board link like the rest of its query.
		this.browser.get(boardLink("{\"panels\":[{\"metric\":\"" + metric + "\",\"unit\":\"°C\"}]}"));
		signIn("demo-reader");
		waitFor().until((browser) -> {
			Object held = this.browser.executeScript("const chart = document.querySelector('.panel .chart');"
					+ "return chart && chart.uplot ? chart.uplot.data.length : 0;");
			return ((Number) held).intValue() == 3;
		});
		assertThat(this.browser.executeScript("return document.querySelector('.panel .chart').uplot.axes[1].label;"))
			.isEqualTo("°C");
		assertThat(this.browser.findElement(By.cssSelector("input[name=unit]")).getAttribute("value")).isEqualTo("°C");

		WebElement over = this.browser.findElement(By.cssSelector(".panel .chart .u-over"));
		long x = ((Number) this.browser.executeScript(
				"return Math.round(document.querySelector('.panel .chart').uplot.valToPos(arguments[0], 'x'));",
				times.get(1)))
			.longValue();
		new Actions(this.browser).moveToElement(over, (int) (x - over.getSize().getWidth() / 2), 0).perform();

		WebElement tooltip = waitFor()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".panel .chart .tooltip")));
		ZoneId zone = ZoneId
			.of((String) this.browser.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone;"));
		String hovered = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(zone)
			.format(Instant.ofEpochMilli(times.get(1)));
		assertThat(tooltip.getText().lines()).containsExactlyInAnyOrder(hovered, "site=lab: 22.25 °C",
				"site=annex: 19.5 °C");
		assertThat(this.browser.findElement(By.cssSelector(".u-legend")).getText()).contains("22.25 °C")
			.contains("19.5 °C");
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".latest tbody"), "23 °C"));
		screenshot("tooltip.png");

		new Actions(this.browser).moveToElement(this.browser.findElement(By.cssSelector(".latest"))).perform();
		waitFor().until(ExpectedConditions.invisibilityOf(tooltip));
		assertNoConsoleErrors();
	}

	@Test
	void aLivePanelWhoseConnectionDropsGetsEveryPointWrittenWhileItWasCut() {
		String writer = Tokens.withGroups("demo", "sponge-writer");
		String metric = openLivePanel("dash.r", writer);
		// A point on the stream first, so the panel holds a position to resume from.
		this.api.ingested(writer,
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(System.currentTimeMillis(), 2.0)))));
		waitFor().until((browser) -> liveValues().contains(2.0));

		// The edge dies (every connection cut) and comes back later; meanwhile a point is
		// written straight to the service, and it grows older than what a new stream
		// reaches back to (sponge.stream.lag), so only a resume from the last event id
		// brings it.
		edge = edge.restarted(() -> {
			waitFor().until(ExpectedConditions.textToBe(By.cssSelector(".live-state"), "reconnecting"));
			long written = System.currentTimeMillis();
			this.direct.ingested(writer,
					List.of(series(metric, Map.of("site", "lab"), List.of(List.of(written, 43.0)))));
			long unreachable = System.currentTimeMillis() + this.stream.lag().toMillis()
					+ this.stream.pollInterval().toMillis() + 2000;
			Awaitility.await("the point is older than a new stream reaches back")
				.atMost(this.stream.lag().plusSeconds(10))
				.until(() -> System.currentTimeMillis() > unreachable);
		});

		waitFor().until(ExpectedConditions.textToBe(By.cssSelector(".live-state"), "live"));
		new WebDriverWait(this.browser, Duration.ofSeconds(45), Duration.ofMillis(200))
			.until((browser) -> liveValues().contains(43.0));
		assertThat(liveValues()).containsExactly(1.0, 2.0, 43.0);
	}

	@Test
	void theTokenIsRenewedBeforeItExpiresAndTheDashboardKeepsReadingWithTheNewOne() throws IOException {
		String metric = "dash.n" + UUID.randomUUID().toString().substring(0, 8);
		String writer = Tokens.withGroups("demo", "sponge-writer");
		long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		this.api.ingested(writer,
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(minute - 10 * 60000, 1.0)))));
		// The issuer's tokens last an hour; renewing this long before expiry makes the
		// first
		// renewal (with the refresh token) come ten seconds after sign-in.
		Path config = docroot.resolve("config.json");
		String original = Files.readString(config);
		Files.writeString(config,
				original.replace("\"scope\": \"openid\"", "\"scope\": \"openid\", \"renewSecondsBeforeExpiry\": 3590"));
		try {
			this.browser.get(boardLink("{\"panels\":[{\"metric\":\"" + metric + "\",\"agg\":\"raw\"}]}"));
			signIn("demo-reader");
			waitFor().until((browser) -> chartValues().contains(1.0));
			long expiresAt = expiresAt();
			assertThat(expiresAt).isGreaterThan(Instant.now().plusSeconds(3000).getEpochSecond());

			waitFor().until((browser) -> expiresAt() > expiresAt);
			this.api.ingested(writer,
					List.of(series(metric, Map.of("site", "lab"), List.of(List.of(minute - 5 * 60000, 2.0)))));
			this.browser.findElement(By.xpath("//button[text()='Refresh']")).click();
			waitFor().until((browser) -> chartValues().contains(2.0));
			assertThat(this.browser.findElements(By.cssSelector(".state.signin"))).isEmpty();
			assertNoConsoleErrors();
		}
		finally {
			Files.writeString(config, original);
		}
	}

	@Test
	void pastTheFirstTokensExpiryTheDashboardStillReadsOnARenewedTokenWithoutSigningInAgain() throws IOException {
		String metric = "dash.e" + UUID.randomUUID().toString().substring(0, 8);
		String writer = Tokens.withGroups("demo", "sponge-writer");
		long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		this.api.ingested(writer,
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(minute - 10 * 60000, 1.0)))));
		// The issuer gives this client id 20 s tokens; renewing 10 s before expiry.
		try (DashboardConfig config = DashboardConfig.with("sponge-dashboard-expires-in-20s", 10)) {
			long firstExpiry = refreshOnceTheFirstTokenExpired(metric, writer, minute);

			waitFor().until((browser) -> chartValues().contains(2.0));
			assertThat(expiresAt()).as("the token the page holds now").isGreaterThan(firstExpiry);
			assertThat(this.browser.findElements(By.cssSelector(".state.signin"))).isEmpty();
			assertThat(this.browser.getCurrentUrl()).startsWith(edge.url() + "/");
			assertNoConsoleErrors();
		}
	}

	@Test
	void whenTheIssuerRefusesTheRenewalTheUserIsAskedToSignInAgainAndTheSignInLeadsToTheIssuer() throws IOException {
		String metric = "dash.r" + UUID.randomUUID().toString().substring(0, 8);
		String writer = Tokens.withGroups("demo", "sponge-writer");
		long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		this.api.ingested(writer,
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(minute - 10 * 60000, 1.0)))));
		// 20 s tokens whose refresh the issuer refuses.
		try (DashboardConfig config = DashboardConfig.with("sponge-dashboard-expires-in-20s-no-refresh", 10)) {
			refreshOnceTheFirstTokenExpired(metric, writer, minute);

			WebElement prompt = waitFor()
				.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".state.signin")));
			assertThat(prompt.getText()).contains("Sign in again");
			assertThat(chartValues()).doesNotContain(2.0);
			prompt.findElement(By.xpath(".//button[text()='Sign in']")).click();
			waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("profile")));
			assertThat(this.browser.getCurrentUrl())
				.startsWith(OidcIssuer.shared().issuerUri(Tokens.ISSUER_ID) + "/authorize");
		}
	}

	/**
	 * Opens a raw panel of {@code metric} (its point 1.0 ten minutes before
	 * {@code minute}), signs in with a short-lived token (at most 25 s), waits until that
	 * token has expired, writes 2.0 five minutes before {@code minute} and clicks
	 * Refresh.
	 * @return the first token's expiry, epoch seconds
	 */
	private long refreshOnceTheFirstTokenExpired(String metric, String writer, long minute) {
		this.browser.get(boardLink("{\"panels\":[{\"metric\":\"" + metric + "\",\"agg\":\"raw\"}]}"));
		signIn("demo-reader");
		waitFor().until((browser) -> chartValues().contains(1.0));
		long firstExpiry = expiresAt();
		assertThat(firstExpiry).as("the first token's expiry, epoch seconds")
			.isBetween(Instant.now().getEpochSecond(), Instant.now().plusSeconds(25).getEpochSecond());

		waitFor().until((browser) -> Instant.now().getEpochSecond() > firstExpiry + 1);
		this.api.ingested(writer,
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(minute - 5 * 60000, 2.0)))));
		this.browser.findElement(By.xpath("//button[text()='Refresh']")).click();
		return firstExpiry;
	}

	/**
	 * Writes a point a minute old to a new metric, opens a board with a live panel of it
	 * and signs in as a reader; the panel is live once this returns.
	 * @return the metric
	 */
	private String openLivePanel(String prefix, String writer) {
		String metric = prefix + UUID.randomUUID().toString().substring(0, 8);
		this.api.ingested(writer, List
			.of(series(metric, Map.of("site", "lab"), List.of(List.of(System.currentTimeMillis() - 60000, 1.0)))));
		this.browser.get(boardLink("{\"panels\":[{\"metric\":\"" + metric + "\",\"live\":true}]}"));
		signIn("demo-reader");
		waitFor().until(ExpectedConditions.textToBe(By.cssSelector(".live-state"), "live"));
		return metric;
	}

	private List<Double> liveValues() {
		return chartValues().stream().sorted().toList();
	}

	private List<Double> chartValues() {
		Object held = this.browser.executeScript("const chart = document.querySelector('.panel .chart');"
				+ "return chart && chart.uplot && chart.uplot.data.length > 1 ? chart.uplot.data[1] : [];");
		return numbers(held);
	}

	/** When the signed-in user's token expires, as the page shows it (epoch seconds). */
	private long expiresAt() {
		String value = this.browser.findElement(By.id("who")).getDomAttribute("data-expires-at");
		return (value == null) ? 0 : Long.parseLong(value);
	}

	private void assertNoConsoleErrors() {
		List<String> errors = new ArrayList<>();
		for (LogEntry entry : this.browser.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
				errors.add(entry.getMessage());
			}
		}
		assertThat(errors).as("console warnings and errors (CSP violations among them)").isEmpty();
	}

	@Test
	void aBoardLinkOpensTheSamePanelsAfterSignIn() {
		String metric = "dash.b" + UUID.randomUUID().toString().substring(0, 8);
		long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		this.api.ingested(Tokens.withGroups("demo", "sponge-writer"),
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(minute - 5 * 60000, 7.0))),
						series(metric, Map.of("site", "annex"), List.of(List.of(minute - 5 * 60000, 9.0)))));
		String board = "{\"panels\":[{\"metric\":\"" + metric + "\",\"tags\":[\"site:lab\"]},{\"metric\":\"" + metric
				+ "\",\"agg\":\"max\",\"range\":\"6h\"}]}";
		this.browser.get(boardLink(board));
		signIn("demo-reader");

		List<?> panels = waitFor().until((browser) -> {
			Object held = this.browser.executeScript("return [...document.querySelectorAll('.panel .chart')]"
					+ ".map((chart) => chart.uplot ? chart.uplot.data.slice(1) : null);");
			return (held instanceof List<?> charts && charts.size() == 2 && !charts.contains(null)) ? charts : null;
		});
		assertThat(((List<?>) panels.get(0)).stream().map(DashboardBrowserTest::numbers)).containsExactly(List.of(7.0));
		assertThat(((List<?>) panels.get(1)).stream().map(DashboardBrowserTest::numbers))
			.containsExactlyInAnyOrder(List.of(7.0), List.of(9.0));
		assertThat(this.browser.findElements(By.cssSelector(".panel .chips code")).stream().map(WebElement::getText))
			.containsExactly("site:lab");
		assertThat(this.browser.findElements(By.cssSelector("select[name=range]"))
			.stream()
			.map((select) -> new Select(select).getFirstSelectedOption().getText())).containsExactly("1h", "6h");
		assertNoConsoleErrors();
	}

	@Test
	void aLivePanelShowsAPointWrittenAfterItOpenedWithinSeconds() {
		String writer = Tokens.withGroups("demo", "sponge-writer");
		String metric = openLivePanel("dash.l", writer);

		this.api.ingested(writer,
				List.of(series(metric, Map.of("site", "lab"), List.of(List.of(System.currentTimeMillis(), 42.0)))));

		new WebDriverWait(this.browser, Duration.ofSeconds(45), Duration.ofMillis(200)).until((browser) -> {
			Object held = this.browser
				.executeScript("const chart = document.querySelector('.panel .chart'); return chart.uplot.data[1];");
			return numbers(held).contains(42.0);
		});
		assertNoConsoleErrors();
	}

	@Test
	void aUserOfAnotherTenantNeverSeesThisTenantsMetricsAndSignsOut() {
		String metric = "dash.x" + UUID.randomUUID().toString().substring(0, 8);
		this.api.ingested(Tokens.withGroups("demo", "sponge-writer"),
				List.of(series(metric, Map.of(), List.of(List.of(System.currentTimeMillis() - 1000, 1.0)))));

		signIn("globex-reader");

		WebElement picker = waitFor()
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("select[name=metric]")));
		assertThat(this.browser.findElement(By.id("who")).getText()).contains("tenant globex");
		assertThat(new Select(picker).getOptions().stream().map((option) -> option.getAttribute("value")))
			.doesNotContain(metric);

		this.browser.findElement(By.id("signout")).click();
		waitFor().until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Sign in']")));
		assertThat(this.browser.getCurrentUrl()).startsWith(edge.url() + "/");
		assertThat(this.browser.findElements(By.cssSelector(".panel"))).isEmpty();
	}

	@Test
	void aUserWithoutTheReaderRoleSeesWhichRoleIsMissing() throws IOException {
		signIn("demo-writer-only");

		WebElement refusal = waitFor()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".state.forbidden")));
		assertThat(refusal.getText()).contains("Access denied").contains("READER");
		screenshot("forbidden.png");
	}

	private void signIn(String profileName) {
		if (!this.browser.getCurrentUrl().startsWith(edge.url())) {
			this.browser.get(edge.url() + "/");
		}
		waitFor().until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Sign in']"))).click();
		WebElement profiles = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("profile")));
		Select select = new Select(profiles);
		select.getOptions()
			.stream()
			.filter((option) -> option.getText().startsWith(profileName + ":"))
			.findFirst()
			.orElseThrow()
			.click();
		this.browser.findElement(By.id("sign-in")).click();
		waitFor().until(ExpectedConditions.urlMatches("^" + edge.url() + "/(#.*)?$"));
	}

	/** A link to a board, as the dashboard keeps it in the URL. */
	private static String boardLink(String board) {
		return edge.url() + "/#board="
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(board.getBytes(StandardCharsets.UTF_8));
	}

	private WebDriverWait waitFor() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(60), Duration.ofMillis(100));
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.copy(this.browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
				StandardCopyOption.REPLACE_EXISTING);
	}

	private static List<Double> numbers(Object column) {
		return ((List<?>) column).stream().map((value) -> ((Number) value).doubleValue()).toList();
	}

	/**
	 * The real edge with a copy of the built dashboard as its document root, whose
	 * {@code config.json} names this JVM's issuer, and that issuer's origin allowed by
	 * the Content-Security-Policy.
	 */
	private static LighttpdProcess startEdge(int servicePort) {
		Path built = LighttpdProcess.CONFIG.getParent().getParent().resolve("dashboard/target/www");
		if (!Files.exists(built.resolve("index.html")) || !Files.isDirectory(built.resolve("assets"))) {
			Assertions.fail("The dashboard is not built in " + built + ": run ./mvnw -pl dashboard package");
		}
		OidcIssuer issuer = OidcIssuer.shared();
		try {
			docroot = Files.createTempDirectory("sponge-dashboard");
			try (Stream<Path> files = Files.walk(built)) {
				for (Path file : files.toList()) {
					Path target = docroot.resolve(built.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(target);
					}
					else {
						Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
			Files.writeString(docroot.resolve("config.json"), "{\"issuer\": \"" + issuer.issuerUri(Tokens.ISSUER_ID)
					+ "\", \"clientId\": \"sponge-dashboard\", \"scope\": \"openid\"}");
			return LighttpdProcess.start("127.0.0.1:" + servicePort, Map.of("SPONGE_EDGE_DOCROOT", docroot.toString(),
					"SPONGE_EDGE_OIDC_ORIGIN", "http://localhost:" + issuer.port()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The edge's {@code config.json} with another client id and renewal lead time until
	 * closed, for tests that need the issuer's short-lived tokens.
	 */
	private record DashboardConfig(Path file, String original) implements AutoCloseable {

		static DashboardConfig with(String clientId, int renewSecondsBeforeExpiry) throws IOException {
			Path file = docroot.resolve("config.json");
			String original = Files.readString(file);
			Files.writeString(file,
					original.replace("\"sponge-dashboard\"", "\"" + clientId + "\"")
						.replace("\"scope\": \"openid\"",
								"\"scope\": \"openid\", \"renewSecondsBeforeExpiry\": " + renewSecondsBeforeExpiry));
			return new DashboardConfig(file, original);
		}

		@Override
		public void close() throws IOException {
			Files.writeString(this.file, this.original);
		}

	}

}

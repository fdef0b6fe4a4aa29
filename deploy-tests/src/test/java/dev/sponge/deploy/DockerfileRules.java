package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sponge.deploy.Dockerfile.Instruction;

/**
 * Dockerfile rules, each named after the hadolint rule it stands in for (hadolint itself
 * cannot be installed here: no Debian package, and npm's "hadolint" only downloads the
 * binary from GitHub at run time), plus what the two images must be.
 * {@link DockerfileLinter} checks the syntax. Returns what is wrong; empty when the
 * Dockerfile follows every rule.
 */
final class DockerfileRules {

	private static final Pattern APT_INSTALL = Pattern.compile("apt-get\\s+install\\b");

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private DockerfileRules() {
	}

	static List<String> general(Dockerfile dockerfile) {
		List<String> problems = new ArrayList<>();
		Set<String> stageNames = new HashSet<>();
		for (List<Instruction> stage : dockerfile.stages()) {
			Instruction from = stage.get(0);
			String[] words = from.arguments().split(" ");
			String image = words[0].startsWith("--") ? words[1] : words[0];
			if (!stageNames.contains(image) && !PodPolicy.imagePinned(image)) {
				problems.add("DL3006/DL3007 " + from + ": pin the image by a tag other than latest");
			}
			if (words.length >= 3 && words[words.length - 2].equalsIgnoreCase("AS")) {
				stageNames.add(words[words.length - 1]);
			}
			if (Dockerfile.all(stage, "CMD").size() > 1 || Dockerfile.all(stage, "ENTRYPOINT").size() > 1) {
				problems.add("DL4003/DL4004 " + from + ": one CMD and one ENTRYPOINT per stage at most");
			}
		}
		for (Instruction instruction : dockerfile.instructions()) {
			String args = instruction.arguments();
			switch (instruction.keyword()) {
				case "RUN" -> {
					if (Pattern.compile("(^|&&|;)\\s*cd\\s").matcher(args).find()) {
						problems.add("DL3003 " + instruction + ": use WORKDIR instead of cd");
					}
					if (args.matches(".*\\bsudo\\b.*")) {
						problems.add("DL3004 " + instruction + ": no sudo");
					}
					if (args.matches(".*apt-get\\s+(dist-)?upgrade.*")) {
						problems.add("DL3005 " + instruction + ": no apt-get upgrade; use a newer base image");
					}
					Matcher install = APT_INSTALL.matcher(args);
					if (install.find()) {
						if (!args.matches(".*apt-get\\s+install\\s+(\\S+\\s+)*(-y|--yes|-qq|--assume-yes)\\b.*")) {
							problems.add("DL3014 " + instruction + ": apt-get install needs -y");
						}
						if (!args.contains("--no-install-recommends")) {
							problems.add("DL3015 " + instruction + ": apt-get install needs --no-install-recommends");
						}
						if (!args.contains("apt-get update")) {
							problems.add("DL3009 " + instruction + ": apt-get update in the same RUN as install");
						}
						if (!args.contains("rm -rf /var/lib/apt/lists")) {
							problems.add("DL3009 " + instruction + ": delete /var/lib/apt/lists in the same RUN");
						}
					}
				}
				case "WORKDIR" -> {
					if (!args.startsWith("/")) {
						problems.add("DL3000 " + instruction + ": use an absolute WORKDIR");
					}
				}
				case "ADD" -> problems.add("DL3020 " + instruction + ": use COPY for files and folders");
				case "MAINTAINER" -> problems.add("DL4000 " + instruction + ": MAINTAINER is deprecated");
				case "ENTRYPOINT", "CMD" -> {
					if (!instruction.isExecForm()) {
						problems.add("DL3025 " + instruction + ": use the exec (JSON) form, no shell at run time");
					}
				}
				case "COPY" -> {
					Matcher from = Pattern.compile("--from=(\\S+)").matcher(args);
					if (from.find() && !stageNames.contains(from.group(1))) {
						problems.add("DL3022 " + instruction + ": --from names no earlier stage");
					}
				}
				default -> {
				}
			}
		}
		List<Instruction> users = Dockerfile.all(dockerfile.finalStage(), "USER");
		String user = users.isEmpty() ? "root" : users.get(users.size() - 1).arguments().split(":")[0];
		if (!user.matches("[1-9][0-9]*")) {
			problems.add("DL3002 the final stage must end as a numeric non-root USER (Kubernetes' runAsNonRoot "
					+ "can only verify a numeric uid), not " + user);
		}
		return problems;
	}

	/**
	 * Multi-stage wrapper build on a JDK 17, run on a JRE 17 from the layered jar,
	 * container-aware heap.
	 */
	static List<String> service(Dockerfile dockerfile) {
		List<String> problems = new ArrayList<>();
		List<List<Instruction>> stages = dockerfile.stages();
		if (stages.size() < 2) {
			problems.add("build and run in separate stages (multi-stage)");
			return problems;
		}
		List<Instruction> build = stages.subList(0, stages.size() - 1).stream().flatMap(List::stream).toList();
		if (!stages.get(0).get(0).arguments().matches("eclipse-temurin:17[^ ]*-jdk[^ ]* AS \\S+")) {
			problems.add("build on a JDK 17 image (eclipse-temurin:17...-jdk...), as a named stage");
		}
		if (Dockerfile.all(build, "RUN").stream().noneMatch((run) -> run.arguments().contains("./mvnw "))) {
			problems.add("build with the Maven wrapper (./mvnw)");
		}
		if (Dockerfile.all(build, "RUN")
			.stream()
			.noneMatch((run) -> run.arguments()
				.matches(".*java -Djarmode=tools -jar \\S+ extract --layers --launcher.*"))) {
			problems.add("extract the layered jar: java -Djarmode=tools -jar app.jar extract --layers --launcher");
		}
		String runtime = dockerfile.finalStage().get(0).arguments();
		if (!runtime.matches("eclipse-temurin:17[^ ]*-jre[^ ]*|gcr\\.io/distroless/java17[^ ]*")) {
			problems.add("run on a JRE 17 image, not " + runtime);
		}
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			if (Dockerfile.all(dockerfile.finalStage(), "COPY")
				.stream()
				.noneMatch((copy) -> copy.arguments().matches("--from=\\S+ \\S*/" + layer + "/? \\S+"))) {
				problems.add("copy the " + layer + " layer into the final stage");
			}
		}
		List<String> entrypoint = entrypoint(dockerfile);
		if (entrypoint.isEmpty() || !entrypoint.get(0).equals("java")
				|| !entrypoint.contains("-XX:+ExitOnOutOfMemoryError") || !entrypoint.get(entrypoint.size() - 1)
					.equals("org.springframework.boot.loader.launch.JarLauncher")) {
			problems.add(
					"ENTRYPOINT [\"java\", \"-XX:+ExitOnOutOfMemoryError\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
		}
		entrypoint.stream()
			.filter((word) -> JavaToolOptions.isSizing(word))
			.forEach((word) -> problems.add("ENTRYPOINT sets " + word
					+ ": JVM sizing belongs in the Deployment's JAVA_TOOL_OPTIONS only, one place per deployment"));
		return problems;
	}

	/**
	 * The build stages copy every module of the root pom (its directory, or at least its
	 * pom.xml): Maven reads the whole reactor even to build {@code -pl service}, so a
	 * module added to the root pom and missing here fails the image build, which no test
	 * here runs.
	 */
	static List<String> reactor(Dockerfile dockerfile, String rootPom) {
		List<String> problems = new ArrayList<>();
		List<List<Instruction>> stages = dockerfile.stages();
		List<String> copied = stages.subList(0, Math.max(stages.size() - 1, 1))
			.stream()
			.flatMap((stage) -> Dockerfile.all(stage, "COPY").stream())
			.map((copy) -> List.of(copy.arguments().split(" ")))
			.flatMap((words) -> words.subList(0, words.size() - 1).stream())
			.filter((source) -> !source.startsWith("--"))
			.map((source) -> source.endsWith("/") ? source.substring(0, source.length() - 1) : source)
			.toList();
		Matcher module = MODULE.matcher(rootPom);
		while (module.find()) {
			String name = module.group(1).trim();
			if (!copied.contains(name) && !copied.contains(name + "/pom.xml")) {
				problems.add("copy " + name + "/ (or " + name
						+ "/pom.xml) into the build stage: Maven reads every module of the root pom");
			}
		}
		return problems;
	}

	/**
	 * Debian bookworm slim with lighttpd and its TLS and compression modules, and mtail
	 * for the pod's metrics sidecar; stopped gracefully.
	 */
	static List<String> edge(Dockerfile dockerfile) {
		List<String> problems = new ArrayList<>();
		if (!dockerfile.finalStage().get(0).arguments().matches("debian:(12(\\.\\d+)*|bookworm(-\\d+)?)-slim")) {
			problems.add("run on Debian bookworm slim (debian:12.x-slim), not "
					+ dockerfile.finalStage().get(0).arguments());
		}
		String runs = String.join(" ",
				Dockerfile.all(dockerfile.finalStage(), "RUN").stream().map(Instruction::arguments).toList());
		for (String pkg : List.of("lighttpd", "lighttpd-mod-openssl", "lighttpd-mod-deflate", "mtail")) {
			if (!runs.matches(".*apt-get install [^&;]*\\b" + Pattern.quote(pkg) + "(\\s|$).*")) {
				problems.add("install the Debian package " + pkg);
			}
		}
		List<Instruction> stop = Dockerfile.all(dockerfile.finalStage(), "STOPSIGNAL");
		if (stop.isEmpty() || !stop.get(stop.size() - 1).arguments().equals("SIGINT")) {
			problems.add("STOPSIGNAL SIGINT: lighttpd shuts down gracefully on SIGINT, not on SIGTERM");
		}
		String config = configFile(dockerfile);
		if (config == null) {
			problems.add("ENTRYPOINT [\"lighttpd\", \"-D\", \"-f\", \"<config>\"]: lighttpd in the foreground");
		}
		else if (Dockerfile.all(dockerfile.finalStage(), "COPY")
			.stream()
			.noneMatch((copy) -> copy.arguments()
				.equals("lighttpd/ " + config.substring(0, config.lastIndexOf('/') + 1)))) {
			problems.add("COPY lighttpd/ into the directory of " + config);
		}
		return problems;
	}

	/**
	 * The edge image's document root {@code docroot} holds the dashboard's bundle, built
	 * in a stage of its own as the Maven module dashboard builds it: the packages of
	 * package-lock.json ({@code npm ci}), then {@code npm run build}, whose output
	 * directory {@code outDir} (vite.config.js, relative to dashboard/) is what the final
	 * stage copies.
	 */
	static List<String> dashboard(Dockerfile dockerfile, String docroot, String outDir) {
		List<String> problems = new ArrayList<>();
		Matcher copy = Dockerfile.all(dockerfile.finalStage(), "COPY")
			.stream()
			.map((instruction) -> Pattern.compile("--from=(\\S+) (\\S+) " + Pattern.quote(docroot) + "/?")
				.matcher(instruction.arguments()))
			.filter(Matcher::matches)
			.findFirst()
			.orElse(null);
		if (copy == null) {
			problems.add("COPY --from=<the dashboard's build stage> <its " + outDir + "/> " + docroot
					+ "/: the document root serves the dashboard");
			return problems;
		}
		List<Instruction> stage = dockerfile.stages()
			.stream()
			.filter((s) -> s.get(0).arguments().matches(".* (?i:AS) " + Pattern.quote(copy.group(1))))
			.findFirst()
			.orElse(List.of());
		List<String> runs = Dockerfile.all(stage, "RUN").stream().map(Instruction::arguments).toList();
		List<String> copies = Dockerfile.all(stage, "COPY").stream().map(Instruction::arguments).toList();
		if (copies.stream().noneMatch((c) -> c.matches("(\\S+ )*dashboard/package-lock\\.json( \\S+)* \\S+"))
				|| runs.stream().noneMatch((run) -> run.matches("(.*\\s)?npm ci\\b.*"))) {
			problems
				.add("stage " + copy.group(1) + ": install the packages of dashboard/package-lock.json with npm ci");
		}
		if (copies.stream().noneMatch((c) -> c.matches("dashboard/ \\S+"))) {
			problems.add("stage " + copy.group(1) + ": copy dashboard/ (the sources the build reads)");
		}
		if (runs.stream().noneMatch((run) -> run.matches("(.*\\s)?npm run build\\b.*"))) {
			problems.add("stage " + copy.group(1) + ": build the bundle with npm run build");
		}
		List<Instruction> workdirs = Dockerfile.all(stage, "WORKDIR");
		String output = (workdirs.isEmpty() ? "" : workdirs.get(workdirs.size() - 1).arguments()) + "/" + outDir + "/";
		if (!copy.group(2).equals(output) && !copy.group(2).equals(output.substring(0, output.length() - 1))) {
			problems.add("copy the build's output " + output + " into " + docroot + ", not " + copy.group(2));
		}
		return problems;
	}

	/** The lighttpd.conf the edge image runs, from its ENTRYPOINT. */
	static String configFile(Dockerfile dockerfile) {
		List<String> entrypoint = entrypoint(dockerfile);
		if (entrypoint.size() != 4 || !entrypoint.subList(0, 3).equals(List.of("lighttpd", "-D", "-f"))) {
			return null;
		}
		return entrypoint.get(3);
	}

	/** The numeric uid the final stage runs as, or -1. */
	static long user(Dockerfile dockerfile) {
		List<Instruction> users = Dockerfile.all(dockerfile.finalStage(), "USER");
		String user = users.isEmpty() ? "" : users.get(users.size() - 1).arguments().split(":")[0];
		return user.matches("[0-9]+") ? Long.parseLong(user) : -1;
	}

	static Set<Integer> exposed(Dockerfile dockerfile) {
		Set<Integer> ports = new HashSet<>();
		for (Instruction expose : Dockerfile.all(dockerfile.finalStage(), "EXPOSE")) {
			for (String port : expose.arguments().split(" ")) {
				ports.add(Integer.parseInt(port.replace("/tcp", "")));
			}
		}
		return ports;
	}

	static List<String> entrypoint(Dockerfile dockerfile) {
		List<Instruction> entrypoints = Dockerfile.all(dockerfile.finalStage(), "ENTRYPOINT");
		return (entrypoints.isEmpty() || !entrypoints.get(0).isExecForm()) ? List.of() : entrypoints.get(0).execWords();
	}

}

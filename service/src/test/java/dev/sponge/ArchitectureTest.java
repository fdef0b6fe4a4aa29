package dev.sponge;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The service's boundaries, checked on its compiled main classes: feature packages
 * without cycles, storage code free of the web layer, time only from the {@link Clock}
 * bean, nothing written to the standard streams.
 */
class ArchitectureTest {

	/** The service's own main classes, not the test classes nor the sibling modules'. */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.importUrl(SpongeApplication.class.getProtectionDomain().getCodeSource().getLocation());

	/** Storage code: whatever talks to Cassandra, through the driver or Spring Data. */
	private static final DescribedPredicate<JavaClass> STORAGE_CODE = describe(
			"use the Cassandra driver or Spring Data Cassandra",
			(javaClass) -> javaClass.getDirectDependenciesFromSelf()
				.stream()
				.map((dependency) -> dependency.getTargetClass().getPackageName())
				.anyMatch((name) -> name.startsWith("com.datastax.")
						|| name.startsWith("org.springframework.data.cassandra.")));

	/**
	 * The web edge of a feature: controllers, and the advice that turns exceptions
	 * (storage failures included) into problem responses.
	 */
	private static final DescribedPredicate<JavaClass> WEB_EDGE = annotatedWith(RestController.class)
		.or(annotatedWith(RestControllerAdvice.class))
		.as("are controllers or controller advice")
		.forSubtype();

	private static final DescribedPredicate<JavaMethodCall> READS_THE_SYSTEM_CLOCK = describe(
			"the target reads the system clock (System.currentTimeMillis(), Clock.system*(), "
					+ "a java.time now() without a Clock)",
			ArchitectureTest::readsTheSystemClock);

	/** The one place that may read it: the {@code @Bean} method that makes the Clock. */
	private static final DescribedPredicate<JavaMethodCall> IN_THE_CLOCK_BEAN = describe("in the Clock @Bean method",
			(call) -> call.getOrigin().isAnnotatedWith(Bean.class)
					&& call.getOrigin().getRawReturnType().isEquivalentTo(Clock.class));

	@Test
	void featurePackagesHaveNoDependencyCycles() {
		slices().matching("dev.sponge.(*)..").namingSlices("$1").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void storageCodeNeverDependsOnTheWebLayer() {
		noClasses().that(STORAGE_CODE)
			.and(not(WEB_EDGE).as("are not controllers or controller advice"))
			.should()
			.dependOnClassesThat(resideInAPackage("org.springframework.web.."))
			.orShould()
			.dependOnClassesThat(WEB_EDGE)
			.because("storage is used by ingest, queries, the stream and background work alike; "
					+ "HTTP belongs to the controllers")
			.check(MAIN);
	}

	@Test
	void mainCodeTakesTheTimeFromTheClockBean() {
		noClasses().should()
			.callMethodWhere(READS_THE_SYSTEM_CLOCK.and(not(IN_THE_CLOCK_BEAN))
				.as(READS_THE_SYSTEM_CLOCK.getDescription() + " outside the Clock @Bean method"))
			.because("time-dependent behaviour must be testable with a fixed or advancing Clock")
			.check(MAIN);
	}

	@Test
	void mainCodeNeverWritesToStandardOutOrError() {
		NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because("logs go through SLF4J, one structured line per event")
			.check(MAIN);
	}

	private static boolean readsTheSystemClock(JavaMethodCall call) {
		String owner = call.getTarget().getOwner().getName();
		String method = call.getTarget().getName();
		List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
		if (owner.equals(System.class.getName())) {
			return method.equals("currentTimeMillis");
		}
		if (owner.equals(Clock.class.getName())) {
			// systemUTC(), systemDefaultZone(), system(zone), tickMillis(zone), ...; not
			// tick(clock, duration) nor offset(clock, duration), which wrap a given
			// clock.
			return method.startsWith("system") || (method.startsWith("tick") && parameters.size() == 1
					&& parameters.get(0).isEquivalentTo(ZoneId.class));
		}
		if (owner.startsWith("java.time.")) {
			return method.equals("now") && !(parameters.size() == 1 && parameters.get(0).isEquivalentTo(Clock.class));
		}
		return false;
	}

}

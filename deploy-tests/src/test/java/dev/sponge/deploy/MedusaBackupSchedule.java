package dev.sponge.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The K8ssandra operator's {@code MedusaBackupSchedule} (medusa.k8ssandra.io/v1alpha1),
 * written from the operator's API types ({@code MedusaBackupScheduleSpec},
 * {@code MedusaBackupJobSpec}); read strictly like {@link K8ssandraCluster}.
 *
 * @param apiVersion medusa.k8ssandra.io/v1alpha1
 * @param kind MedusaBackupSchedule
 * @param metadata object metadata
 * @param spec the schedule
 */
record MedusaBackupSchedule(@JsonProperty(required = true) String apiVersion,
		@JsonProperty(required = true) String kind, @JsonProperty(required = true) ObjectMeta metadata,
		@JsonProperty(required = true) Spec spec) {

	/**
	 * @param cronSchedule when, in cron format (minute hour day-of-month month
	 * day-of-week)
	 * @param disabled whether the schedule is paused
	 * @param backupSpec the backup each run creates
	 */
	record Spec(@JsonProperty(required = true) String cronSchedule, Boolean disabled,
			@JsonProperty(required = true) BackupSpec backupSpec) {
	}

	/**
	 * @param cassandraDatacenter the data centre to back up
	 * @param backupType differential or full
	 */
	record BackupSpec(@JsonProperty(required = true) String cassandraDatacenter, String backupType) {
	}

}

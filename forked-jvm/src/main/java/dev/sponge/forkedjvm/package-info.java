/** Start child JVMs that never outlive the JVM that started them. */
package dev.sponge.forkedjvm;

/**
 * Run-to-run comparison (bin/compare, -Dwsload.baseline): {@link io.wsloadtest.compare.ComparedRun} finds a run's
 * log in a folder, {@link io.wsloadtest.compare.RequestFigures} are its exact per-request figures,
 * {@link io.wsloadtest.compare.Comparison} the rows and tolerances; {@link io.wsloadtest.compare.Section} reads a
 * section of the wsload configuration for this package and the capacity search.
 */
package io.wsloadtest.compare;

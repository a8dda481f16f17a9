/**
 * The SPI-level transport contract every transport module's test extends ({@link
 * org.kvlab.testsuite.contract.TransportContractTest}, with the output no request asked for in {@link
 * org.kvlab.testsuite.contract.WakeContractTest}), their line protocols, a raw socket client, and a ping server for
 * perf checks.
 */
package org.kvlab.testsuite.contract;

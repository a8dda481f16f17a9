/**
 * The SPI-level transport contract every transport module's test extends ({@link
 * org.kvlab.testsuite.contract.TransportContractTest}), its line protocol, raw socket client, and a ping server
 * for perf checks.
 */
package org.kvlab.testsuite.contract;

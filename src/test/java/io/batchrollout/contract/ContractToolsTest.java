package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The suite's own tools find what they are there to find: each kind of difference and violation, and nothing else. */
class ContractToolsTest {
    static final SpecExtract MANAGEMENT = SpecExtract.load("batch-management-2024-07-01.pools-and-accounts.json");

    private static JsonNode json(String text) {
        try {
            return Examples.JSON.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> shapeDifferences(String example, String simulator) {
        return ShapeDiff.compare(json(example), json(simulator), ShapeDiff.Spec.of(MANAGEMENT, "Pool")).stream()
                .map(ShapeDiff.Difference::toString).toList();
    }

    @Test
    void theShapeComparatorReportsCasingAbsenceTypeEnumAndUndeclaredFieldsOnly() {
        List<String> differences = shapeDifferences(
                "{'name':'p','properties':{'vmSize':'A','allocationState':'Steady','currentDedicatedNodes':1,'metadata':[{'name':'a','value':'b'}]}}",
                "{'name':'p','etag':'x','properties':{'VmSize':'A','allocationState':'steady','currentDedicatedNodes':'1',"
                        + "'metadata':[{'name':'a','value':'b','extra':1}],'interNodeCommunication':'Disabled','bogus':true}}");

        assertEquals(List.of(
                "$.properties.vmSize: the simulator spells it 'VmSize'",
                "$.properties.allocationState: 'steady' is not one of the spec's values [Steady, Resizing, Stopping]",
                "$.properties.currentDedicatedNodes: the example has a number, the simulator a string",
                "$.properties.metadata[].extra: served by the simulator, absent from the example and not declared by the spec",
                "$.properties.bogus: served by the simulator, absent from the example and not declared by the spec"), differences,
                "etag and interNodeCommunication are declared by the spec, so serving them is no difference");
    }

    @Test
    void theShapeComparatorFindsNothingBetweenAnExampleAndItself() {
        JsonNode example = Examples.response("batch-management/PoolList.json", 200);

        assertEquals(List.of(), ShapeDiff.compare(example, example, ShapeDiff.Spec.of(MANAGEMENT, "Pool")));
    }

    @Test
    void theValidatorReportsMissingRequiredReadOnlyEnumTypeAndUndefinedFields() {
        JsonNode body = json("{'id':'/x','properties':{'vmSize':'A','allocationState':'Steady','taskSlotsPerNode':'two',"
                + "'deploymentConfiguration':{'virtualMachineConfiguration':{'imageReference':{'id':'/v'}}},"
                + "'scaleSettings':{'fixedScale':{'nodeDeallocationOption':'requeue'}},'color':'blue'}}");

        List<String> violations = MANAGEMENT.validateRequest(body, MANAGEMENT.bodySchema("Pool_Create").orElseThrow());

        assertEquals(List.of(
                "$.id: read-only, must not be sent",
                "$.properties.allocationState: read-only, must not be sent",
                "$.properties.taskSlotsPerNode: expected integer, got string",
                "$.properties.deploymentConfiguration.virtualMachineConfiguration: required field 'nodeAgentSkuId' is missing",
                "$.properties.scaleSettings.fixedScale.nodeDeallocationOption: 'requeue' is not one of [\"Requeue\",\"Terminate\",\"TaskCompletion\",\"RetainedData\"]",
                "$.properties.color: not defined by the spec"), violations);
    }

    @Test
    void theValidatorAcceptsMicrosoftsOwnRequestExampleAndNamesTheDefinitionsItCouldNotCheck() {
        JsonNode request = Examples.parameter("batch-management/PoolUpdate_OtherProperties.json", "parameters");

        assertEquals(List.of(), MANAGEMENT.validateRequest(request, MANAGEMENT.bodySchema("Pool_Update").orElseThrow()));
        assertEquals(List.of(), MANAGEMENT.validateRequest(Examples.parameter("batch-management/PoolCreate_SharedImageGallery.json",
                "parameters"), MANAGEMENT.bodySchema("Pool_Create").orElseThrow()));
        JsonNode withUpgradePolicy = json("{'properties':{'upgradePolicy':{'mode':'manual'}}}");
        MANAGEMENT.validateRequest(withUpgradePolicy, MANAGEMENT.bodySchema("Pool_Update").orElseThrow());
        assertTrue(MANAGEMENT.outsideExtract().contains("UpgradePolicy"), MANAGEMENT.outsideExtract().toString());
        assertEquals(Set.of("if-match", "if-none-match"), MANAGEMENT.headerParameters("Pool_Create"));
    }
}

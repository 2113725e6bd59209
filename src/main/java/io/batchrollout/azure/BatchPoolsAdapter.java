package io.batchrollout.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Context;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.batch.fluent.PoolsClient;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.azure.resourcemanager.batch.models.PoolsCreateResponse;
import com.azure.resourcemanager.batch.models.PoolsGetResponse;
import com.azure.resourcemanager.batch.models.PoolsUpdateResponse;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolPage;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Batch pools through the management SDK (api-version 2023-05-01), one BatchManager per subscription. Creates send
 * If-None-Match: *, updates the caller's ETag; deletes are unconditional (Pool_Delete has no If-Match). Two calls
 * that resend a pool's configuration go raw on the manager's own authenticated pipeline at 2024-07-01, reading the
 * pool's JSON at that version first so that nothing the SDK's 2023-05-01 models lack is dropped: the image change
 * (2024-07-01 is also the first version where Batch accepts deploymentConfiguration on an existing pool) and the
 * blue-green copy.
 */
final class BatchPoolsAdapter implements BatchPools {
    static final String IMAGE_CHANGE_API_VERSION = "2024-07-01";
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();

    private final Function<String, BatchManager> managerForSubscription;

    BatchPoolsAdapter(Function<String, BatchManager> managerForSubscription) {
        this.managerForSubscription = managerForSubscription;
    }

    @Override
    public BatchAccount account(BatchAccountId id) {
        return BatchArmErrors.call("read Batch account " + id, () -> BatchPoolMapper.account(id,
                manager(id.subscriptionId()).serviceClient().getBatchAccounts()
                        .getByResourceGroup(id.resourceGroup(), id.accountName())));
    }

    /**
     * Pools per page a full list asks for ({@code maxresults}). Pool_ListByBatchAccount states no maximum (the Batch
     * data plane's pool list caps at 1,000), and the service's default page is small: without it 5,000 pools cost 500
     * requests. 1,000, as the app's paged listing ({@code ListCursor}) already asks.
     */
    public static final int LIST_PAGE_SIZE = 1_000;

    @Override
    public List<Pool> list(BatchAccountId account) {
        return BatchArmErrors.call("list pools of " + account, () -> pools(account.subscriptionId())
                .listByBatchAccount(account.resourceGroup(), account.accountName(), LIST_PAGE_SIZE, null, null,
                        Context.NONE).stream()
                .map(inner -> BatchPoolMapper.pool(inner, null))
                .toList());
    }

    /**
     * Exactly one ARM request: the SDK's by-page iterator fetches a page only when asked for it, and a continuation
     * token given to {@code iterableByPage} is the nextLink the next request goes to.
     */
    @Override
    public PoolPage listPage(BatchAccountId account, Optional<String> nextLink, int maxResults) {
        return BatchArmErrors.call("list pools of " + account, () -> {
            PagedIterable<PoolInner> all = pools(account.subscriptionId()).listByBatchAccount(account.resourceGroup(),
                    account.accountName(), maxResults, null, null, Context.NONE);
            Iterator<PagedResponse<PoolInner>> pages = nextLink.map(all::iterableByPage).orElseGet(all::iterableByPage).iterator();
            if (!pages.hasNext()) {
                return new PoolPage(List.of(), Optional.empty());
            }
            PagedResponse<PoolInner> page = pages.next();
            List<Pool> pools = page.getValue() == null ? List.of()
                    : page.getValue().stream().map(inner -> BatchPoolMapper.pool(inner, null)).toList();
            return new PoolPage(pools, Optional.ofNullable(page.getContinuationToken()).filter(link -> !link.isBlank()));
        });
    }

    @Override
    public Optional<Pool> get(PoolId id) {
        try {
            return Optional.of(BatchArmErrors.call("read pool " + id, () -> {
                PoolsGetResponse response = pools(id).getWithResponse(rg(id), account(id), id.poolName(), Context.NONE);
                return BatchPoolMapper.pool(response.getValue(), response.getDeserializedHeaders().etag());
            }));
        } catch (AzureCallException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Azure refuses If-None-Match: * on an existing pool; 409 and 412 both mean "it exists" here. */
    @Override
    public Pool create(PoolId id, PoolSpec spec) {
        try {
            return BatchArmErrors.call("create pool " + id, () -> {
                PoolsCreateResponse response = pools(id).createWithResponse(rg(id), account(id), id.poolName(),
                        BatchPoolMapper.toInner(spec), null, "*", Context.NONE);
                return BatchPoolMapper.pool(response.getValue(), response.getDeserializedHeaders().etag());
            });
        } catch (AzureCallException.PreconditionFailed e) {
            throw new AzureCallException.Conflict(e.code(), e.getMessage(), e);
        }
    }

    /**
     * Reads the original raw at 2024-07-01 and PUTs the copy at the same version through the manager's pipeline, with
     * If-None-Match: * ({@link PoolCopyBody}): members the SDK's 2023-05-01 models lack would be lost through them.
     */
    @Override
    public Pool createLike(PoolId source, PoolId id, PoolSpec spec) {
        BatchManager reader = manager(source.account().subscriptionId());
        Answer original = send(reader, new HttpRequest(HttpMethod.GET, url(reader, source))
                .setHeader(HttpHeaderName.ACCEPT, "application/json"), "read pool " + source + " to copy it");
        String body = PoolCopyBody.of(source, original.body(), deserialize(source, original.body()), spec);
        BatchManager writer = manager(id.account().subscriptionId());
        HttpRequest put = new HttpRequest(HttpMethod.PUT, url(writer, id))
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.ACCEPT, "application/json")
                .setHeader(HttpHeaderName.IF_NONE_MATCH, "*")
                .setBody(body);
        try {
            Answer created = send(writer, put, "create pool " + id + " like " + source.poolName());
            return BatchPoolMapper.pool(deserialize(id, created.body()), created.etag());
        } catch (AzureCallException.PreconditionFailed e) {
            throw new AzureCallException.Conflict(e.code(), e.getMessage(), e);
        }
    }

    @Override
    public Pool update(PoolId id, PoolUpdate update, String ifMatch) {
        return BatchArmErrors.call("update pool " + id, () -> {
            PoolsUpdateResponse response = pools(id).updateWithResponse(rg(id), account(id), id.poolName(),
                    BatchPoolMapper.toInner(update), ifMatch, Context.NONE);
            return BatchPoolMapper.pool(response.getValue(), response.getDeserializedHeaders().etag());
        });
    }

    /**
     * Reads the pool raw at 2024-07-01 and PATCHes its whole VM configuration back with the new image and node agent
     * (the schema requires nodeAgentSkuId next to imageReference), with the caller's ETag: see {@link ImageChangeBody}.
     * A pool whose read shows another ETag than the caller's changed since the decision: 412 without writing.
     */
    @Override
    public Pool changeImage(PoolId id, String imageReferenceId, String nodeAgentSkuId, String ifMatch) {
        BatchManager manager = manager(id.account().subscriptionId());
        String url = url(manager, id);
        Answer current = send(manager, new HttpRequest(HttpMethod.GET, url)
                .setHeader(HttpHeaderName.ACCEPT, "application/json"), "read pool " + id + " to change its image");
        if (ifMatch != null && !ifMatch.equals(current.etag())) {
            throw new AzureCallException.PreconditionFailed("ConditionNotMet", "pool " + id + " changed since it was read"
                    + " (ETag " + ifMatch + ", now " + current.etag() + "): its image is not changed", null);
        }
        HttpRequest patch = new HttpRequest(HttpMethod.PATCH, url)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.ACCEPT, "application/json")
                .setBody(ImageChangeBody.of(id, current.body(), imageReferenceId, nodeAgentSkuId));
        if (ifMatch != null) {
            patch.setHeader(HttpHeaderName.IF_MATCH, ifMatch);
        }
        Answer changed = send(manager, patch, "change image of pool " + id);
        return BatchPoolMapper.pool(deserialize(id, changed.body()), changed.etag());
    }

    /** The pool's URL at 2024-07-01, the version both raw calls are sent at. */
    private static String url(BatchManager manager, PoolId id) {
        return trimSlash(manager.serviceClient().getEndpoint()) + id + "?api-version=" + IMAGE_CHANGE_API_VERSION;
    }

    private static PoolInner deserialize(PoolId id, String body) {
        try {
            return SERIALIZER.deserialize(body, PoolInner.class, SerializerEncoding.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("pool " + id + ": unreadable response", e);
        }
    }

    private record Answer(String body, String etag) {
    }

    private static Answer send(BatchManager manager, HttpRequest request, String what) {
        try (HttpResponse response = manager.serviceClient().getHttpPipeline().sendSync(request, Context.NONE)) {
            String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() >= 400) {
                throw ArmErrorBody.toException(what, response, body);
            }
            return new Answer(body, response.getHeaderValue(HttpHeaderName.ETAG));
        }
    }

    /**
     * Starts the delete (Batch answers 202 and deletes in the background); nothing waits for it. A pool that is
     * already gone counts as deleted. No If-Match: Pool_Delete has no conditional header, so the caller checks first.
     */
    @Override
    public void delete(PoolId id) {
        try {
            BatchArmErrors.run("delete pool " + id, () -> pools(id).beginDelete(rg(id), account(id), id.poolName(), Context.NONE));
        } catch (AzureCallException.NotFound e) {
            // already gone
        }
    }

    private BatchManager manager(String subscriptionId) {
        return managerForSubscription.apply(subscriptionId);
    }

    private PoolsClient pools(String subscriptionId) {
        return manager(subscriptionId).serviceClient().getPools();
    }

    private PoolsClient pools(PoolId id) {
        return pools(id.account().subscriptionId());
    }

    private static String rg(PoolId id) {
        return id.account().resourceGroup();
    }

    private static String account(PoolId id) {
        return id.account().accountName();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

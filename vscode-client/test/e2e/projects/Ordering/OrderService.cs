namespace Ordering;

public sealed class OrderService
{
    private readonly IOrderRepository _orders;
    private readonly IClock _clock;
    private readonly IAppLogger<OrderService> _logger;

    public OrderService(IOrderRepository orders, IClock clock, IAppLogger<OrderService> logger)
    {
        _orders = orders;
        _clock = clock;
        _logger = logger;
    }

    public async Task<Order> CreateAsync(string customerId, Address address, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            throw new ArgumentException("An order needs at least one line.", nameof(lines));
        }

        var order = new Order(Guid.NewGuid(), customerId, address, lines, OrderStatus.Submitted);
        await _orders.AddAsync(order, cancellationToken);
        _logger.LogInformation("Created order {OrderId} for {CustomerId}", order.Id, customerId);
        return order;
    }

    public async Task<bool> CancelAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await _orders.GetAsync(orderId, cancellationToken);
        if (order is null || order.Status == OrderStatus.Shipped)
        {
            _logger.LogWarning("Order {OrderId} cannot be cancelled", orderId);
            return false;
        }

        await _orders.UpdateAsync(order.WithStatus(OrderStatus.Cancelled), cancellationToken);
        return true;
    }

    public async Task<decimal> TotalAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await _orders.GetAsync(orderId, cancellationToken);
        return order?.Total ?? 0m;
    }
}

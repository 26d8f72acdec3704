namespace Ordering;

public enum OrderStatus
{
    Submitted,
    Paid,
    Shipped,
    Cancelled,
}

public sealed record OrderLine(string ProductId, int Quantity, decimal UnitPrice)
{
    public decimal Total => Quantity * UnitPrice;
}

public sealed record Address(string Street, string City, string ZipCode);

public sealed record Order(Guid Id, string CustomerId, Address ShippingAddress, IReadOnlyList<OrderLine> Lines, OrderStatus Status)
{
    public decimal Total => Lines.Sum(l => l.Total);

    public Order WithStatus(OrderStatus status) => this with { Status = status };
}
